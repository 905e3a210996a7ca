import Foundation

/// One parsed RFC 5322 message: what `hark parse mail` prints and what the mail source turns into a
/// mention.
///
/// Every string is valid UTF-8 without NUL or other control characters; single-line fields (subject,
/// names, addresses, ids) have no line breaks at all, so none of them can inject a header into an
/// outgoing acknowledgement. Problems in the input are listed in ``defects``; parsing never throws.
public struct MailMessage: Sendable, Hashable {
    /// The `Message-ID` without its angle brackets, or `nil` when the message has none.
    public var messageID: String?
    /// The first id of `In-Reply-To`, without angle brackets.
    public var inReplyTo: String?
    /// The ids of `References`, oldest first, without angle brackets.
    public var references: [String]
    /// The decoded `Subject`.
    public var subject: String?
    /// The first mailbox of `From` (the display name is the sender's claim, the address the identity).
    public var from: MailAddress?
    /// The mailboxes of `Reply-To`.
    public var replyTo: [MailAddress]
    /// The mailboxes of `To`, groups flattened.
    public var to: [MailAddress]
    /// The mailboxes of `Cc`, groups flattened.
    public var cc: [MailAddress]
    /// The `Date`, or `nil` when it is missing or cannot be read (year 0, out-of-range fields, text).
    public var date: Date?
    /// The zone offset the `Date` was written with, in minutes east of UTC (`-0700` is -420).
    public var dateZoneOffsetMinutes: Int?
    /// The best plain-text body: the `text/plain` parts, else the HTML parts as text; `""` when none.
    public var text: String
    /// True when ``text`` was made from HTML because the message has no plain-text body.
    public var textIsFromHTML: Bool
    /// The HTML body as decoded text, or `nil` when there is none.
    public var html: String?
    /// ``text`` without quoted replies, forwarded originals, signatures and mobile footers.
    public var newText: String
    /// The attachments, as metadata (never opened, never decompressed).
    public var attachments: [MailAttachment]
    /// The top-level header fields in order, for fields the model does not name.
    public var headers: [MailHeaderField]
    /// Markers for the source: ``MailFlag/autoReply``, ``MailFlag/bounce``, ``MailFlag/truncated``.
    public var flags: [MailFlag]
    /// What was wrong with the input and how it was read anyway.
    public var defects: [MailDefect]

    /// An empty message; the parser fills it in.
    public init() {
        messageID = nil
        inReplyTo = nil
        references = []
        subject = nil
        from = nil
        replyTo = []
        to = []
        cc = []
        date = nil
        dateZoneOffsetMinutes = nil
        text = ""
        textIsFromHTML = false
        html = nil
        newText = ""
        attachments = []
        headers = []
        flags = []
        defects = []
    }

    /// The decoded value of the first top-level header field called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// Whether the message carries `flag`.
    public func hasFlag(_ flag: MailFlag) -> Bool {
        flags.contains(flag)
    }
}

/// One header field as it appeared: its name and its unfolded, decoded value.
public struct MailHeaderField: Sendable, Hashable {
    /// The field name as written (`Authentication-Results`).
    public var name: String
    /// The value unfolded, 8-bit bytes read as UTF-8 (else windows-1252), RFC 2047 words decoded and
    /// control characters removed.
    public var value: String

    /// A field with a name and a decoded value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
