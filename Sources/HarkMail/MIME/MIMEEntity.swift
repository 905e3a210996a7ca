/// One node of a message's MIME tree: the message itself, a body part, or an attached message.
///
/// Bodies are slices of the message bytes (or of a decoded attached message), never copies.
struct MIMEEntity: Sendable {
    /// The entity's header fields.
    var header: HeaderSection
    /// The effective content type (the default when none or an unreadable one was given).
    var contentType: MIMEContentType
    /// How the body is transfer-encoded.
    var transferEncoding: TransferEncoding
    /// The raw body, still transfer-encoded.
    var body: ArraySlice<UInt8>
    /// What the body holds.
    var content: Content
    /// The dotted position in the tree: `1` is the message, `1.2` its second part, `1.2.1` what an
    /// attached message in that part holds.
    var path: String

    /// A leaf, a multipart or an attached message.
    indirect enum Content: Sendable {
        /// A body that is not parsed further.
        case leaf
        /// Parts between boundary delimiters.
        case multipart(MIMEMultipart)
        /// An attached message (`message/rfc822`), parsed from the decoded body.
        case message(MIMEEntity)
    }

    /// The `Content-Disposition`, when given.
    var disposition: MIMEDisposition? {
        header.first("content-disposition").map { MIMEDisposition.parse($0.value) }
    }
}

/// The content of a multipart entity.
struct MIMEMultipart: Sendable {
    /// The text before the first delimiter, if any (the whole body when no delimiter was found).
    var preamble: ArraySlice<UInt8>?
    /// The body parts.
    var parts: [MIMEEntity]
    /// The text after the closing delimiter, if any.
    var epilogue: ArraySlice<UInt8>?
}

/// A `Content-Transfer-Encoding`, read leniently (`7-bit`, `Quoted-Printable;`, `x-uue`).
enum TransferEncoding: Sendable, Hashable {
    case identity
    case base64
    case quotedPrintable
    case uuencode
    case unknown

    init(header value: [UInt8]?) {
        guard let value else {
            self = .identity
            return
        }
        let token =
            String(decoding: value, as: UTF8.self).lowercased()
            .split(whereSeparator: { $0 == ";" || $0 == " " || $0 == "\t" || $0 == "(" }).first.map(String.init) ?? ""
        let compact = token.filter { $0.isLetter || $0.isNumber }
        switch compact {
        case "", "7bit", "8bit", "binary", "8bits", "7bits", "plain", "none", "text", "ascii", "utf8": self = .identity
        case "base64", "xbase64", "base64encoded": self = .base64
        case "quotedprintable", "qp", "quotedprint", "quoted": self = .quotedPrintable
        case "xuuencode", "uuencode", "xuue", "uue": self = .uuencode
        default: self = .unknown
        }
    }

    /// The decoded bytes of `body` (the body itself when there is nothing to undo), with a defect when
    /// the encoding was broken or unknown.
    func decode(_ body: ArraySlice<UInt8>, context: inout ParseContext, part: String) -> ArraySlice<UInt8> {
        switch self {
        case .identity:
            return body
        case .unknown:
            context.record(.unknownTransferEncoding, part: part)
            return body
        case .base64:
            let (bytes, clean) = TransferDecoding.base64(body)
            if !clean { context.record(.badBase64, part: part) }
            return bytes[...]
        case .quotedPrintable:
            let (bytes, clean) = TransferDecoding.quotedPrintable(body)
            if !clean { context.record(.badQuotedPrintable, part: part) }
            return bytes[...]
        case .uuencode:
            let (bytes, clean) = TransferDecoding.uuencode(body)
            if !clean { context.record(.unknownTransferEncoding, part: part) }
            return bytes[...]
        }
    }
}
