/// A mailbox from an address header.
///
/// The address is the identity; the display name is only what the sender claims
/// (`"support@brand.com" <attacker@evil>` keeps both, and nothing trusts the name).
public struct MailAddress: Sendable, Hashable {
    /// The decoded display name, or `nil` when there is none.
    public var name: String?
    /// The address as written (`local@domain`, international domains kept as they are), or `""` when
    /// only a name was given.
    public var address: String

    /// A mailbox; the name is cleaned to a single line.
    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }
}
