/// Something wrong with a message that the parser read around instead of failing.
///
/// Codes are stable strings (`missing_boundary`), printed by `hark parse mail` and safe to log: a
/// defect names what was wrong and where, never the content.
public struct MailDefect: Sendable, Hashable, CustomStringConvertible {
    /// What was wrong.
    public var code: Code
    /// The MIME part it was found in, as a dotted path (`1.2` is the second child of the first part);
    /// `nil` for the top-level header.
    public var part: String?

    /// A defect in `part`.
    public init(_ code: Code, part: String? = nil) {
        self.code = code
        self.part = part
    }

    /// `code` or `code@part`.
    public var description: String {
        part.map { "\(code.rawValue)@\($0)" } ?? code.rawValue
    }

    /// A defect's kind; a struct over a string so that new kinds break no one's `switch`.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The stable name, `missing_boundary`.
        public var rawValue: String
        /// A code from its stable name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The stable name.
        public var description: String { rawValue }

        /// A physical header line was longer than the line limit (it was kept, as if folded).
        public static let headerLineTooLong = Code(rawValue: "header_line_too_long")
        /// The header section passed the size limit; it was cut there and the rest skipped.
        public static let headerTooLarge = Code(rawValue: "header_too_large")
        /// A line that is no header field ended the header section without a blank line.
        public static let missingHeaderBodySeparator = Code(rawValue: "missing_header_body_separator")
        /// A line among the header fields that is none was dropped.
        public static let invalidHeaderLine = Code(rawValue: "invalid_header_line")
        /// A continuation line came before any field and was dropped.
        public static let orphanContinuationLine = Code(rawValue: "orphan_continuation_line")
        /// A header held 8-bit bytes that are not UTF-8; they were read as windows-1252.
        public static let nonUTF8Header = Code(rawValue: "non_utf8_header")
        /// An RFC 2047 encoded word could not be decoded and was kept as written.
        public static let badEncodedWord = Code(rawValue: "bad_encoded_word")
        /// A charset label nobody knows; the bytes were decoded as UTF-8, else windows-1252.
        public static let unknownCharset = Code(rawValue: "unknown_charset")
        /// Unlabelled 8-bit text that is not UTF-8, read as windows-1252.
        public static let unlabelled8Bit = Code(rawValue: "unlabelled_8bit_text")
        /// An HTML part in UTF-7 (a script-smuggling vector): decoded to text, never kept as HTML.
        public static let utf7HTML = Code(rawValue: "utf7_html")
        /// A `Content-Type` that could not be read; the part was treated as `text/plain`.
        public static let invalidContentType = Code(rawValue: "invalid_content_type")
        /// A multipart without a `boundary` parameter, read as `text/plain`.
        public static let missingBoundaryParameter = Code(rawValue: "missing_boundary_parameter")
        /// No delimiter line of the multipart's boundary was found; the body is kept as its preamble.
        public static let missingBoundary = Code(rawValue: "missing_boundary")
        /// The closing delimiter of a multipart never came; its last part ran to the end.
        public static let missingCloseBoundary = Code(rawValue: "missing_close_boundary")
        /// Nesting passed the depth limit; the deeper content was kept as an opaque part.
        public static let tooDeep = Code(rawValue: "too_deep")
        /// The message had more parts than the part limit; the rest were not read.
        public static let tooManyParts = Code(rawValue: "too_many_parts")
        /// Base64 with characters outside the alphabet or a broken final group.
        public static let badBase64 = Code(rawValue: "bad_base64")
        /// Quoted-printable with `=` escapes that are not two hex digits; they were kept as written.
        public static let badQuotedPrintable = Code(rawValue: "bad_quoted_printable")
        /// A `Content-Transfer-Encoding` nobody knows; the body was taken as it is.
        public static let unknownTransferEncoding = Code(rawValue: "unknown_transfer_encoding")
        /// A multipart or message part with a base64 or quoted-printable transfer encoding.
        public static let encodedContainer = Code(rawValue: "encoded_container")
        /// More than one `Message-ID`; the first was used.
        public static let duplicateMessageID = Code(rawValue: "duplicate_message_id")
        /// A `Date` that could not be read.
        public static let invalidDate = Code(rawValue: "invalid_date")
        /// More defects than the list keeps.
        public static let tooManyDefects = Code(rawValue: "too_many_defects")
    }
}

/// A marker on a message for the source: not a defect, but something that changes how it is treated.
public struct MailFlag: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The stable name, as in the mention's `flags`.
    public var rawValue: String
    /// A flag from its stable name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The stable name.
    public var description: String { rawValue }

    /// An automatic message: an out-of-office reply, an auto-responder, bulk mail, a read receipt.
    public static let autoReply = MailFlag(rawValue: "auto_reply")
    /// A bounce or delivery status report.
    public static let bounce = MailFlag(rawValue: "bounce")
    /// Something was cut at a limit (header line or size, depth, part count).
    public static let truncated = MailFlag(rawValue: "truncated")
}
