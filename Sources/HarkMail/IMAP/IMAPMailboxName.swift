/// A mailbox (folder) name from configuration, checked and ready to send.
///
/// CR, LF and NUL are refused (reliability.md §4.2: a name like `INBOX\r\nA1 DELETE INBOX` must
/// never reach the wire); everything else is sent in modified UTF-7 as a quoted string, so `"`,
/// `\`, `*`, `%` and non-ASCII letters are safe.
public struct IMAPMailboxName: Sendable, Hashable, CustomStringConvertible {
    /// The name as configured (Unicode).
    public let name: String
    /// The name in modified UTF-7, as the server knows it.
    public let encoded: String

    /// The longest name accepted, in encoded bytes.
    public static let maximumLength = 1_000

    /// `INBOX`.
    public static let inbox = IMAPMailboxName(checked: "INBOX")

    /// Checks a configured name.
    /// - Throws: ``IMAPError`` `invalid_argument` for an empty name, one with CR, LF or NUL, or
    ///   one longer than ``maximumLength`` bytes once encoded.
    public init(_ name: String) throws(IMAPError) {
        guard !name.isEmpty else { throw IMAPError(.invalidArgument, "a mailbox name is empty") }
        guard !name.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
            throw IMAPError(.invalidArgument, "a mailbox name contains CR, LF or NUL; such names are refused")
        }
        self.init(checked: name)
        guard encoded.utf8.count <= Self.maximumLength else {
            throw IMAPError(.invalidArgument, "a mailbox name is longer than \(Self.maximumLength) bytes")
        }
    }

    /// A name received in modified UTF-7 (from `LIST`).
    /// - Throws: ``IMAPError`` `invalid_argument` when it is not valid modified UTF-7.
    public init(encoded: String) throws(IMAPError) {
        guard let name = ModifiedUTF7.decode(encoded) else {
            throw IMAPError(.invalidArgument, "a mailbox name is not valid modified UTF-7")
        }
        try self.init(name)
    }

    private init(checked name: String) {
        self.name = name
        encoded = name.uppercased() == "INBOX" ? "INBOX" : ModifiedUTF7.encode(name)
    }

    public var description: String { name }
}
