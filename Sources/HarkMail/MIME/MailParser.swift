import Foundation
import HarkCore
import HarkXML

/// Parses RFC 5322 messages with MIME into ``MailMessage``s: pure, bounded and total.
///
/// The parser reads bytes and returns values; it never reaches a socket, a clock or a file, never
/// throws and never traps on input. What is wrong with a message becomes a ``MailDefect``; what is
/// cut at a ``MailParserLimits`` limit also flags the message ``MailFlag/truncated``. The message
/// is held once; parts are slices of it, and only transfer-decoded bodies get buffers of their own.
public enum MailParser {
    /// Parses one message.
    /// - Parameters:
    ///   - bytes: the whole message, header and body, as received (CRLF, LF or CR line ends).
    ///   - limits: the bounds to keep; the defaults of reliability.md §5.
    public static func parse(_ bytes: [UInt8], limits: MailParserLimits = MailParserLimits()) -> MailMessage {
        var context = ParseContext(limits: limits, message: bytes[...])
        let root = MIMEEntityParser.parse(
            bytes[...],
            depth: 0,
            path: "1",
            defaultType: .textPlain,
            isMessage: true,
            context: &context
        )
        return message(from: root, context: &context)
    }

    /// Parses one message held in `data`.
    public static func parse(_ data: Data, limits: MailParserLimits = MailParserLimits()) -> MailMessage {
        parse([UInt8](data), limits: limits)
    }

    static func message(from root: MIMEEntity, context: inout ParseContext) -> MailMessage {
        let header = root.header
        var message = MailMessage()
        let ids = header.all("message-id")
        if ids.count > 1 { context.record(.duplicateMessageID, part: nil) }
        message.messageID = ids.first.flatMap { MessageIDs.parse($0.value).first }
        message.inReplyTo = header.first("in-reply-to").flatMap { MessageIDs.parse($0.value).first }
        message.references = header.first("references").map { MessageIDs.parse($0.value) } ?? []
        message.subject = header.first("subject").flatMap {
            HeaderText.unstructured($0.value, context: &context, part: nil)
        }
        message.from = mailboxes(header, "from", &context).first ?? mailboxes(header, "sender", &context).first
        message.replyTo = mailboxes(header, "reply-to", &context).filter { !$0.address.isEmpty }
        message.to = mailboxes(header, "to", &context).filter { !$0.address.isEmpty }
        message.cc = mailboxes(header, "cc", &context).filter { !$0.address.isEmpty }
        if let field = header.first("date") {
            if let (date, offset) = MailDateParser.parse(HeaderText.string(field.value).text) {
                message.date = date
                message.dateZoneOffsetMinutes = offset
            } else {
                context.record(.invalidDate, part: nil)
            }
        }
        message.headers = header.fields.map { field in
            MailHeaderField(name: TextCleanup.singleLine(field.name) ?? "", value: HeaderText.unstructured(field.value))
        }

        let bodies = BodyCollector.collect(root, context: &context)
        let plain = join(bodies.plain)
        if !plain.isBlank {
            message.text = TextCleanup.body(plain)
        } else if !bodies.html.isEmpty {
            message.text = TextCleanup.body(HTMLText.plainText(join(bodies.html)))
            message.textIsFromHTML = true
        }
        if !bodies.html.isEmpty { message.html = TextCleanup.body(join(bodies.html)) }
        message.newText = ReplyStripper.newText(ownText(bodies) ?? message.text)
        message.attachments = bodies.attachments

        message.flags = AutomaticMail.flags(root, from: message.from, subject: message.subject)
        if context.truncated { message.flags.append(.truncated) }
        message.defects = context.defects
        return message
    }

    /// The mailboxes of every field called `name` (a repeated `To` is read as one list).
    private static func mailboxes(
        _ header: HeaderSection,
        _ name: String,
        _ context: inout ParseContext
    ) -> [MailAddress] {
        header.all(name).flatMap { AddressListParser.mailboxes($0.value, context: &context, part: nil) }
    }

    private static func join(_ segments: [BodyCollector.Segment]) -> String {
        segments.map(\.text).joined(separator: "\n")
    }

    /// The text the sender wrote in this message, leaving out attached (forwarded) messages; `nil`
    /// when nothing is attached or the sender wrote nothing, so the whole text is used.
    private static func ownText(_ bodies: BodyCollector) -> String? {
        guard bodies.plain.contains(where: \.nested) || bodies.html.contains(where: \.nested) else { return nil }
        let plain = join(bodies.plain.filter { !$0.nested })
        if !plain.isBlank { return TextCleanup.body(plain) }
        let html = join(bodies.html.filter { !$0.nested })
        if !html.isBlank { return TextCleanup.body(HTMLText.plainText(html)) }
        return nil
    }
}
