import Foundation
import HarkCore

/// A piece of text on the web inbox page; the raw value is the key's name.
///
/// Every key has a text in every ``WebLanguage`` (the switches in ``WebStrings`` are exhaustive).
/// Texts are plain: the page template escapes them, but none contains markup characters anyway.
public enum WebText: String, CaseIterable, Sendable {
    case inboxTitle, loginTitle, tokenLabel, signIn, signOut, skipToContent, filter, search, any
    case status, severity, category, channel, source, brand, language, overdue, assignee, unassigned
    case received, due, actions, notes, addNote, history, cues, assessment, originalText
    case earlierMentions, nothingYet, save, assign, correct, complaint, notComplaint, yes, no
    case chartTitle, bySeverity, byCategory
    /// A number of mentions; `{n}` stands for the number.
    case mentionsCount
    case badToken, formExpired, notFound, forbidden, olderPage, languageChoice, overdueFlag, moveTo
    case author, link, flags, back, total
    case statusNew, statusAcknowledged, statusInProgress, statusResolved, statusFollowedUp, statusClosed
    case statusReopened, statusDismissed
    case severityNone, severityDissatisfied, severityVeryDissatisfied
    case categoryNone, categoryProduct, categoryService, categoryDelivery, categoryBilling, categoryProcess
    case categoryDigital, categoryOther
    case channelMail, channelFeed, channelWebhook
    case responsePersonal, responseWritten, responsePublic
    case seenIn, revisions, by, at, customerPrior, handOff
}

/// The texts of the web inbox in English, Danish, Norwegian (bokmål) and Swedish.
///
/// The wording is a support team's everyday words, not a literal translation of the English.
public enum WebStrings {
    /// The text for `key` in `language`.
    public static func text(_ key: WebText, _ language: WebLanguage) -> String {
        switch language {
        case .en: english(key)
        case .da: danish(key)
        case .no: norwegian(key)
        case .sv: swedish(key)
        }
    }

    /// The ``WebText/mentionsCount`` text with `{n}` replaced by `count`.
    public static func mentionsCount(_ count: Int, _ language: WebLanguage) -> String {
        text(.mentionsCount, language).replacingOccurrences(of: "{n}", with: String(count))
    }

    /// The name of a workflow status.
    public static func status(_ s: InboxStatus, _ l: WebLanguage) -> String {
        let key: WebText =
            switch s {
            case .new: .statusNew
            case .acknowledged: .statusAcknowledged
            case .inProgress: .statusInProgress
            case .resolved: .statusResolved
            case .followedUp: .statusFollowedUp
            case .closed: .statusClosed
            case .reopened: .statusReopened
            case .dismissed: .statusDismissed
            }
        return text(key, l)
    }

    /// The name of a severity.
    public static func severity(_ s: Severity, _ l: WebLanguage) -> String {
        let key: WebText =
            switch s {
            case .none: .severityNone
            case .dissatisfied: .severityDissatisfied
            case .veryDissatisfied: .severityVeryDissatisfied
            }
        return text(key, l)
    }

    /// The name of a complaint category.
    public static func category(_ c: HarkCore.Category, _ l: WebLanguage) -> String {
        let key: WebText =
            switch c {
            case .none: .categoryNone
            case .product: .categoryProduct
            case .service: .categoryService
            case .delivery: .categoryDelivery
            case .billing: .categoryBilling
            case .process: .categoryProcess
            case .digital: .categoryDigital
            case .other: .categoryOther
            }
        return text(key, l)
    }

    /// The name of an intake channel.
    public static func channel(_ c: Channel, _ l: WebLanguage) -> String {
        let key: WebText =
            switch c {
            case .mail: .channelMail
            case .feed: .channelFeed
            case .webhook: .channelWebhook
            }
        return text(key, l)
    }

    /// How a complaint must be answered, as a short phrase.
    public static func response(_ kind: ResponseKind, _ l: WebLanguage) -> String {
        let key: WebText =
            switch kind {
            case .personal: .responsePersonal
            case .written: .responseWritten
            case .public: .responsePublic
            }
        return text(key, l)
    }

    /// The English texts, also the reference the Nordic ones are checked against.
    static func english(_ key: WebText) -> String {
        switch key {
        case .inboxTitle: "Complaint inbox"
        case .loginTitle: "Sign in to Hark"
        case .tokenLabel: "Access token"
        case .signIn: "Sign in"
        case .signOut: "Sign out"
        case .skipToContent: "Skip to content"
        case .filter: "Filter"
        case .search: "Search"
        case .any: "Any"
        case .status: "Status"
        case .severity: "Severity"
        case .category: "Category"
        case .channel: "Channel"
        case .source: "Source"
        case .brand: "Brand"
        case .language: "Language"
        case .overdue: "Overdue"
        case .assignee: "Assignee"
        case .unassigned: "Unassigned"
        case .received: "Received"
        case .due: "Due"
        case .actions: "Actions"
        case .notes: "Notes"
        case .addNote: "Add note"
        case .history: "History"
        case .cues: "Cues"
        case .assessment: "Assessment"
        case .originalText: "Original text"
        case .earlierMentions: "Earlier mentions"
        case .nothingYet: "Nothing yet."
        case .save: "Save"
        case .assign: "Assign"
        case .correct: "Correct"
        case .complaint: "Complaint"
        case .notComplaint: "Not a complaint"
        case .yes: "Yes"
        case .no: "No"
        case .chartTitle: "Complaints per day, last 30 days"
        case .bySeverity: "By severity"
        case .byCategory: "By category"
        case .mentionsCount: "{n} mentions"
        case .badToken: "That token was not accepted."
        case .formExpired: "The form has expired. Please try again."
        case .notFound: "We could not find that page."
        case .forbidden: "You do not have access to this."
        case .olderPage: "Older mentions"
        case .languageChoice: "Choose language"
        case .overdueFlag: "Response overdue"
        case .moveTo: "Move to"
        case .author: "From"
        case .link: "Link"
        case .flags: "Flags"
        case .back: "Back"
        case .total: "Total"
        case .statusNew: "New"
        case .statusAcknowledged: "Acknowledged"
        case .statusInProgress: "In progress"
        case .statusResolved: "Resolved"
        case .statusFollowedUp: "Followed up"
        case .statusClosed: "Closed"
        case .statusReopened: "Reopened"
        case .statusDismissed: "Dismissed"
        case .severityNone: "Not dissatisfied"
        case .severityDissatisfied: "Dissatisfied"
        case .severityVeryDissatisfied: "Very dissatisfied"
        case .categoryNone: "No category"
        case .categoryProduct: "Product"
        case .categoryService: "Customer service"
        case .categoryDelivery: "Delivery"
        case .categoryBilling: "Billing"
        case .categoryProcess: "Procedures"
        case .categoryDigital: "Website and app"
        case .categoryOther: "Other"
        case .channelMail: "Email"
        case .channelFeed: "Feed"
        case .channelWebhook: "Webhook"
        case .responsePersonal: "In person or by phone"
        case .responseWritten: "In writing"
        case .responsePublic: "Publicly"
        case .seenIn: "Seen in"
        case .revisions: "Changes"
        case .by: "by"
        case .at: "at"
        case .customerPrior: "Earlier complaints from this customer"
        case .handOff: "Hand over"
        }
    }
}
