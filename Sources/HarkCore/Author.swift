/// Who wrote a mention, as far as the channel tells.
///
/// The customer identity is the `address` (or the `handle` on a platform), never the display name.
public struct Author: Hashable, Sendable, Codable {
    /// Display name as given by the channel; not trusted for identity.
    public var name: String?
    /// E-mail address, lower-cased.
    public var address: String?
    /// A handle on a platform (`@kari`, a forum user name).
    public var handle: String?

    public init(name: String? = nil, address: String? = nil, handle: String? = nil) {
        self.name = name.flatMap(TextCleanup.singleLine)
        self.address = address.flatMap(TextCleanup.singleLine)?.lowercased()
        self.handle = handle.flatMap(TextCleanup.singleLine)
    }

    /// Whether the channel said nothing about the author.
    public var isEmpty: Bool { name == nil && address == nil && handle == nil }
}
