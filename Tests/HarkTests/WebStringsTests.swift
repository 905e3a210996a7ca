import Foundation
import HarkCore
import HarkServer
import Testing

/// The web page's texts in all four languages.
@Suite struct WebStringsTests {
    @Test(arguments: WebLanguage.allCases)
    func everyKeyHasAText(language: WebLanguage) {
        for key in WebText.allCases {
            let text = WebStrings.text(key, language)
            #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(key.rawValue)")
            #expect(text == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(key.rawValue)")
        }
    }

    @Test(arguments: WebLanguage.allCases)
    func textsAreFreeOfMarkupCharacters(language: WebLanguage) {
        for key in WebText.allCases {
            let text = WebStrings.text(key, language)
            #expect(!text.contains(where: { "<>\"&".contains($0) }), "\(key.rawValue) in \(language.rawValue)")
        }
    }

    @Test func keysAreExactlyTheAgreedOnes() {
        let expected = """
            inboxTitle loginTitle tokenLabel signIn signOut skipToContent filter search any status severity \
            category channel source brand language overdue assignee unassigned received due actions notes \
            addNote history cues assessment originalText earlierMentions nothingYet save assign correct \
            complaint notComplaint yes no chartTitle bySeverity byCategory mentionsCount badToken formExpired \
            notFound forbidden olderPage languageChoice overdueFlag moveTo author link flags back total \
            statusNew statusAcknowledged statusInProgress statusResolved statusFollowedUp statusClosed \
            statusReopened statusDismissed severityNone severityDissatisfied severityVeryDissatisfied \
            categoryNone categoryProduct categoryService categoryDelivery categoryBilling categoryProcess \
            categoryDigital categoryOther channelMail channelFeed channelWebhook responsePersonal \
            responseWritten responsePublic seenIn revisions by at customerPrior handOff
            """.split(separator: " ").map(String.init)
        #expect(WebText.allCases.map(\.rawValue) == expected)
    }

    @Test(arguments: [WebLanguage.da, .no, .sv])
    func nordicTextsAreTranslated(language: WebLanguage) {
        let keys = WebText.allCases
        let translated = keys.filter { WebStrings.text($0, language) != WebStrings.text($0, .en) }
        #expect(Double(translated.count) >= Double(keys.count) * 0.8, "\(translated.count) of \(keys.count)")
    }

    @Test func agreedWordings() {
        #expect(WebStrings.text(.statusInProgress, .en) == "In progress")
        #expect(WebStrings.text(.statusInProgress, .da) == "I gang")
        #expect(WebStrings.text(.statusInProgress, .no) == "Pågår")
        #expect(WebStrings.text(.statusInProgress, .sv) == "Pågår")
        #expect(WebStrings.text(.chartTitle, .en) == "Complaints per day, last 30 days")
        #expect(WebStrings.text(.badToken, .en) == "That token was not accepted.")
        #expect(WebStrings.text(.formExpired, .en) == "The form has expired. Please try again.")
    }

    @Test(arguments: WebLanguage.allCases)
    func mentionsCountHasItsNumber(language: WebLanguage) {
        #expect(WebStrings.text(.mentionsCount, language).contains("{n}"))
        let text = WebStrings.mentionsCount(1_234, language)
        #expect(text.contains("1234") && !text.contains("{n}"))
    }

    @Test(arguments: WebLanguage.allCases)
    func enumMappingsAreTotalAndDistinct(language: WebLanguage) {
        let statuses = InboxStatus.allCases.map { WebStrings.status($0, language) }
        let severities = Severity.allCases.map { WebStrings.severity($0, language) }
        let categories = HarkCore.Category.allCases.map { WebStrings.category($0, language) }
        let channels = Channel.allCases.map { WebStrings.channel($0, language) }
        let responses = ResponseKind.allCases.map { WebStrings.response($0, language) }
        for names in [statuses, severities, categories, channels, responses] {
            #expect(names.allSatisfy { !$0.isEmpty })
            #expect(Set(names).count == names.count, "\(names)")
        }
    }

    @Test func enumMappingsUseTheirKeys() {
        #expect(WebStrings.status(.inProgress, .da) == WebStrings.text(.statusInProgress, .da))
        #expect(WebStrings.status(.followedUp, .sv) == WebStrings.text(.statusFollowedUp, .sv))
        #expect(WebStrings.severity(.veryDissatisfied, .no) == WebStrings.text(.severityVeryDissatisfied, .no))
        #expect(WebStrings.category(.digital, .en) == WebStrings.text(.categoryDigital, .en))
        #expect(WebStrings.channel(.mail, .no) == WebStrings.text(.channelMail, .no))
        #expect(WebStrings.response(.public, .da) == WebStrings.text(.responsePublic, .da))
    }

    @Test func languagesHaveTheirOwnNames() {
        #expect(WebLanguage.allCases.map(\.nativeName) == ["English", "Dansk", "Norsk", "Svenska"])
        #expect(WebLanguage.no.htmlLang == "nb")
    }
}
