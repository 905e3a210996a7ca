import Crypto
import HarkCore
import HarkXML

/// Walks a MIME tree for the message's bodies and attachments.
///
/// `text/plain` and `text/html` leaves without a file name and not marked `attachment` are bodies;
/// in a `multipart/alternative` the plain text comes from the first alternative that has some and
/// the HTML from the last (the richest). Every other leaf is an attachment, described by its decoded
/// size and SHA-256, except the machine-readable parts of reports (`message/delivery-status` and
/// the like), which only flag the message. An attached message is listed as an attachment and its
/// bodies count too, marked as nested.
struct BodyCollector {
    /// A piece of body text and whether it came from an attached message.
    struct Segment {
        var text: String
        var nested: Bool
    }

    var plain: [Segment] = []
    var html: [Segment] = []
    var attachments: [MailAttachment] = []

    static func collect(_ root: MIMEEntity, context: inout ParseContext) -> BodyCollector {
        var collector = BodyCollector()
        collector.walk(root, nested: false, isRoot: true, context: &context)
        return collector
    }

    private mutating func walk(_ entity: MIMEEntity, nested: Bool, isRoot: Bool, context: inout ParseContext) {
        switch entity.content {
        case .multipart(let multipart):
            if multipart.parts.isEmpty {
                // No delimiter found: what is there is text, so it is not lost.
                if let preamble = multipart.preamble {
                    let text = PartText.fallback(
                        preamble,
                        context: &context,
                        part: entity.path,
                        defect: .unlabelled8Bit
                    ).text
                    plain.append(Segment(text: text, nested: nested))
                }
            } else if entity.contentType.subtype == "alternative" {
                var alternatives: [BodyCollector] = []
                for part in multipart.parts {
                    var branch = BodyCollector()
                    branch.walk(part, nested: nested, isRoot: false, context: &context)
                    alternatives.append(branch)
                }
                plain += alternatives.first(where: { $0.plain.contains { !$0.text.isBlank } })?.plain ?? []
                html += alternatives.last(where: { !$0.html.isEmpty })?.html ?? []
                attachments += alternatives.flatMap(\.attachments)
            } else {
                for part in multipart.parts { walk(part, nested: nested, isRoot: false, context: &context) }
            }
        case .message(let inner):
            // Listed, and read too: clients show attached messages inline, and a forwarded complaint
            // is worth its text (marked nested, so it is not taken for the sender's own words).
            attachments.append(attachment(entity, context: &context))
            walk(inner, nested: true, isRoot: false, context: &context)
        case .leaf:
            leaf(entity, nested: nested, isRoot: isRoot, context: &context)
        }
    }

    private mutating func leaf(_ entity: MIMEEntity, nested: Bool, isRoot: Bool, context: inout ParseContext) {
        let type = entity.contentType
        let isBodyType = type.type == "text" && (type.subtype == "plain" || type.subtype == "html" || isRoot)
        guard isBodyType, entity.disposition?.type != "attachment", Self.filename(entity, context: &context) == nil
        else {
            if !Self.reportParts.contains(type.mediaType) { attachments.append(attachment(entity, context: &context)) }
            return
        }
        let (text, charset) = PartText.decode(entity, context: &context)
        if type.subtype == "html" {
            if charset == "UTF-7" {
                context.record(.utf7HTML, part: entity.path)
                plain.append(Segment(text: HTMLText.plainText(text), nested: nested))
            } else {
                html.append(Segment(text: HTMLMetaCharset.declaringUTF8(text), nested: nested))
            }
        } else if type.parameters["format"]?.lowercased() == "flowed" {
            let deleteSpace = type.parameters["delsp"]?.lowercased() == "yes"
            plain.append(Segment(text: FlowedText.unflow(text, deleteSpace: deleteSpace), nested: nested))
        } else {
            plain.append(Segment(text: text, nested: nested))
        }
    }

    private func attachment(_ entity: MIMEEntity, context: inout ParseContext) -> MailAttachment {
        let bytes = entity.transferEncoding.decode(entity.body, context: &context, part: entity.path)
        let digest = SHA256.hash(data: bytes)
        let contentID = entity.header.first("content-id").flatMap { MessageIDs.parse($0.value).first }
        return MailAttachment(
            filename: Self.filename(entity, context: &context),
            contentType: entity.contentType.mediaType,
            size: bytes.count,
            sha256: digest.hexString,
            contentID: contentID,
            isInline: entity.disposition?.type == "inline"
        )
    }

    /// The parts of delivery, disposition and feedback reports (RFC 3462, 3798, 5965, 6533).
    static let reportParts: Set<String> = [
        "message/delivery-status", "message/disposition-notification", "message/feedback-report", "text/rfc822-headers",
        "message/global-delivery-status", "message/global-disposition-notification", "message/global-headers",
    ]

    /// The file name from `Content-Disposition` or the `Content-Type` `name`, RFC 2047 decoded too.
    static func filename(_ entity: MIMEEntity, context: inout ParseContext) -> String? {
        guard let raw = entity.disposition?.parameters["filename"] ?? entity.contentType.parameters["name"] else {
            return nil
        }
        return TextCleanup.singleLine(EncodedWords.decode(raw, context: &context, part: entity.path))
    }
}

extension String {
    /// Empty or only white space.
    var isBlank: Bool { unicodeScalars.allSatisfy(\.properties.isWhitespace) }
}
