import HarkCore

/// Where each draft field sits in a custom payload, as RFC 6901 JSON Pointers.
///
/// Written in the configuration as `mapping: { external_id: "/review/id", text: "/review/body", ... }`.
/// Every pointer is optional; a payload whose pointers find neither text nor title is unparsable.
public struct FieldPointers: Sendable, Hashable {
    /// The configuration keys, in the order they are documented.
    public static let fieldNames = [
        "external_id", "text", "title", "author_name", "author_address", "author_handle", "link", "published_at",
    ]

    /// The sender's id of the item (a string or a number); deduplicates mentions.
    public var externalID: JSONPointer?
    /// The mention's text.
    public var text: JSONPointer?
    /// Its title, used as the text when the text is missing or empty.
    public var title: JSONPointer?
    /// The author's display name.
    public var authorName: JSONPointer?
    /// The author's e-mail address.
    public var authorAddress: JSONPointer?
    /// The author's handle on the sender's platform.
    public var authorHandle: JSONPointer?
    /// An `http`/`https` link to the item.
    public var link: JSONPointer?
    /// When the item was published, as an RFC 3339 string.
    public var publishedAt: JSONPointer?

    /// Creates pointers from their text.
    ///
    /// - Throws: `HarkError` (`invalidConfiguration`) naming the field whose pointer is invalid.
    public init(
        externalID: String? = nil,
        text: String? = nil,
        title: String? = nil,
        authorName: String? = nil,
        authorAddress: String? = nil,
        authorHandle: String? = nil,
        link: String? = nil,
        publishedAt: String? = nil
    ) throws {
        self.externalID = try Self.pointer(externalID, field: "external_id")
        self.text = try Self.pointer(text, field: "text")
        self.title = try Self.pointer(title, field: "title")
        self.authorName = try Self.pointer(authorName, field: "author_name")
        self.authorAddress = try Self.pointer(authorAddress, field: "author_address")
        self.authorHandle = try Self.pointer(authorHandle, field: "author_handle")
        self.link = try Self.pointer(link, field: "link")
        self.publishedAt = try Self.pointer(publishedAt, field: "published_at")
    }

    /// Creates pointers from the configuration's `mapping` object, keyed by ``fieldNames``.
    ///
    /// - Throws: `HarkError` (`invalidConfiguration`) for an unknown key or an invalid pointer.
    public init(configuration: [String: String]) throws {
        if let unknown = configuration.keys.sorted().first(where: { !Self.fieldNames.contains($0) }) {
            throw HarkError(
                .invalidConfiguration,
                "unknown webhook mapping field '\(TextCleanup.escapedForLog(unknown))'; known fields: "
                    + Self.fieldNames.joined(separator: ", ")
            )
        }
        try self.init(
            externalID: configuration["external_id"],
            text: configuration["text"],
            title: configuration["title"],
            authorName: configuration["author_name"],
            authorAddress: configuration["author_address"],
            authorHandle: configuration["author_handle"],
            link: configuration["link"],
            publishedAt: configuration["published_at"]
        )
    }

    private static func pointer(_ text: String?, field: String) throws -> JSONPointer? {
        guard let text else { return nil }
        do {
            return try JSONPointer(text)
        } catch let error as HarkError {
            throw HarkError(.invalidConfiguration, "webhook mapping '\(field)': \(error.message)")
        }
    }
}
