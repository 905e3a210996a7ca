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

    /// The longest name, address or handle kept, in UTF-8 bytes; a longer one is cut. Far above
    /// any real one (an address has at most 254), and below what an index entry can hold (PostgreSQL
    /// refuses btree entries over 2,704 bytes), so no channel's input can make a commit fail.
    public static let maximumFieldBytes = 1024

    public init(name: String? = nil, address: String? = nil, handle: String? = nil) {
        func field(_ value: String?) -> String? {
            value.flatMap(TextCleanup.singleLine).flatMap { TextCleanup.singleLine(TextCleanup.prefix($0, maximumBytes: Self.maximumFieldBytes).0) }
        }
        self.name = field(name)
        self.address = field(address)?.lowercased()
        self.handle = field(handle)
    }

    /// Whether the channel said nothing about the author.
    public var isEmpty: Bool { name == nil && address == nil && handle == nil }
}
