/// An attachment, described without opening it: archives are never unpacked or decompressed.
public struct MailAttachment: Sendable, Hashable {
    /// The file name from `Content-Disposition` (RFC 2231 or 2047 decoded), else from the
    /// `Content-Type` `name` parameter; `nil` when neither is given.
    public var filename: String?
    /// The lower-cased media type, `application/pdf`.
    public var contentType: String
    /// The size in bytes after the transfer encoding (base64, quoted-printable) is undone.
    public var size: Int
    /// The lower-case hex SHA-256 of those bytes.
    public var sha256: String
    /// `Content-ID` without angle brackets, for inline images.
    public var contentID: String?
    /// True when `Content-Disposition` says `inline`.
    public var isInline: Bool

    /// An attachment's metadata.
    public init(filename: String?, contentType: String, size: Int, sha256: String, contentID: String?, isInline: Bool) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.contentID = contentID
        self.isInline = isInline
    }
}
