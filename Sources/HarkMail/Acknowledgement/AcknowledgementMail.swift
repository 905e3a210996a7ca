import Foundation
import HarkCore

/// Builds the complete RFC 5322 message of an acknowledgement, ready for delivery with
/// `SMTPSender`: CRLF line ends, header lines folded at 78 columns, a quoted-printable UTF-8 body.
///
/// Pure: no clock, no randomness. Every header value that comes from the customer (name,
/// subject, message ids) is made single-line, stripped of control characters and encoded before
/// use, so nothing the customer wrote can add a header line or end the message early.
public enum AcknowledgementMail {
    /// The header lines marking the mail as an automatic answer: `Auto-Submitted: auto-replied`
    /// (RFC 3834, the standard mark), `X-Auto-Response-Suppress: All` (keeps Exchange and Outlook
    /// out-of-office replies from answering it) and `Precedence: auto_reply` (what many older
    /// responders and list servers look at; Hark's own mail parser flags it too).
    public static let automaticHeaders = [
        "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All", "Precedence: auto_reply",
    ]

    /// The message.
    /// - Parameters:
    ///   - sender: the configured sender (`From`); its display name may hold any characters.
    ///   - recipient: the customer (`To`): the `From` of their message.
    ///   - text: the rendered acknowledgement (``AcknowledgementTemplates/render(language:values:)``).
    ///   - context: the customer message's ids, for `In-Reply-To` and `References`.
    ///   - messageID: the acknowledgement's own `Message-ID`, stable across retries (see
    ///     ``messageID(outboxID:sender:)``), with or without angle brackets.
    ///   - date: the `Date` (written in UTC).
    /// - Returns: the message bytes, every line ending in CRLF.
    public static func build(
        from sender: MailAddress, to recipient: MailAddress, text: AcknowledgementText, context: ReplyContext?,
        messageID: String, date: Date
    ) -> Data {
        var lines: [String] = []
        lines.append(MailHeaderWriter.field("From", MailHeaderWriter.mailbox(sender)))
        lines.append(MailHeaderWriter.field("To", MailHeaderWriter.mailbox(recipient)))
        lines.append(MailHeaderWriter.field("Subject", MailHeaderWriter.unstructured(text.subject)))
        lines.append("Date: \(MailHeaderWriter.date(date))")
        lines.append("Message-ID: <\(ownID(messageID))>")
        if let parent = context?.messageID.flatMap(ReplyContext.usableID) {
            lines.append("In-Reply-To: <\(parent)>")
        }
        let references = self.references(context)
        if !references.isEmpty {
            lines.append(MailHeaderWriter.field("References", references.map { "<\($0)>" }))
        }
        lines += automaticHeaders
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: quoted-printable")
        let language = AcknowledgementTemplates.languageKey(text.language)
        if (2...3).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLetter }) {
            lines.append("Content-Language: \(language)")
        }
        let head = lines.joined(separator: "\r\n") + "\r\n\r\n"
        return Data(head.utf8) + QuotedPrintable.encode(text.body)
    }

    /// The `References` of the acknowledgement: the customer message's ancestors, then the
    /// message itself; without duplicates or unusable ids, at most ``ReplyContext/maximumReferences``.
    public static func references(_ context: ReplyContext?) -> [String] {
        guard let context else { return [] }
        var seen: Set<String> = []
        var ids: [String] = []
        for id in context.references + (context.messageID.map { [$0] } ?? []) {
            guard let usable = ReplyContext.usableID(id), seen.insert(usable).inserted else { continue }
            ids.append(usable)
        }
        return ReplyContext.capped(ids)
    }

    /// A stable `Message-ID` (without angle brackets) for the acknowledgement stored under
    /// `outboxID`: `ack-<id>@<domain of the sender>`, so a retry carries the same id.
    public static func messageID(outboxID: String, sender: String) -> String {
        let id = outboxID.unicodeScalars.filter {
            $0.isASCII && (isAlphanumeric($0) || "-_.".unicodeScalars.contains($0))
        }
        let domain = sender.lastIndex(of: "@").map { sender[sender.index(after: $0)...].lowercased() } ?? ""
        let cleanDomain = domain.unicodeScalars.filter { $0.isASCII && (isAlphanumeric($0) || $0 == "." || $0 == "-") }
        let host = cleanDomain.isEmpty ? "hark.invalid" : String(String.UnicodeScalarView(cleanDomain))
        return "ack-\(String(String.UnicodeScalarView(id)))@\(host)"
    }

    /// `id` without angle brackets and with anything that may not stand between them removed.
    private static func ownID(_ id: String) -> String {
        var text = Substring(id)
        if text.hasPrefix("<"), text.hasSuffix(">"), text.count >= 2 { text = text.dropFirst().dropLast() }
        let kept = text.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }
        let clean = String(String.UnicodeScalarView(kept.prefix(250)))
        return clean.contains("@") ? clean : "ack-\(clean)@hark.invalid"
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
