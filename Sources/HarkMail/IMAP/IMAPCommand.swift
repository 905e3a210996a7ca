/// A command to send, built from typed arguments so that nothing from configuration can break
/// out of its place: atoms are checked, strings are quoted (or sent as literals), mailbox names
/// are encoded, and CR, LF and NUL are refused outside literals.
public struct IMAPCommand: Sendable, Hashable {
    /// One argument.
    public indirect enum Argument: Sendable, Hashable {
        /// Sent as is: printable ASCII without space, `"`, or parentheses (a keyword, a number,
        /// a sequence set, `BODY.PEEK[]`, `\Seen`).
        case atom(String)
        /// A string: quoted when it is 7-bit, else a literal. CR, LF and NUL are refused.
        case string(String)
        /// A mailbox name, sent quoted in modified UTF-7.
        case mailbox(IMAPMailboxName)
        /// Bytes sent as a literal (`{n}`), whatever they hold.
        case literal([UInt8])
        /// A parenthesised list.
        case list([Argument])
    }

    /// The command name (`UID FETCH`, `EXAMINE`, ...): words of letters, fixed in code.
    public var name: String
    /// Its arguments.
    public var arguments: [Argument]

    /// A command.
    public init(_ name: String, _ arguments: [Argument] = []) {
        self.name = name
        self.arguments = arguments
    }

    /// The bytes to send, as chunks: after each chunk but the last, the client must wait for a
    /// continuation (`+`) before sending the next (a synchronizing literal). With `literalPlus`
    /// (the server's `LITERAL+`), literals do not wait and there is one chunk.
    /// - Throws: ``IMAPError`` `invalid_argument` for a bad tag, name or atom, or a string with
    ///   CR, LF or NUL.
    public func encoded(tag: String, literalPlus: Bool = false) throws(IMAPError) -> [[UInt8]] {
        guard !tag.isEmpty, tag.utf8.allSatisfy({ Self.isAtomByte($0) && $0 != UInt8(ascii: "+") }) else {
            throw IMAPError(.invalidArgument, "an IMAP tag must be an atom")
        }
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 == 0x20 || (0x41...0x5a).contains($0) }) else {
            throw IMAPError(.invalidArgument, "an IMAP command name must be upper-case words")
        }
        var chunks: [[UInt8]] = []
        var current = Array("\(tag) \(name)".utf8)
        for argument in arguments {
            current.append(0x20)
            try Self.append(argument, to: &current, chunks: &chunks, literalPlus: literalPlus)
        }
        current += [0x0d, 0x0a]
        chunks.append(current)
        return chunks
    }

    private static func append(
        _ argument: Argument,
        to current: inout [UInt8],
        chunks: inout [[UInt8]],
        literalPlus: Bool
    ) throws(IMAPError) {
        switch argument {
        case .atom(let text):
            guard !text.isEmpty, text.utf8.allSatisfy(isAtomByte) else {
                throw IMAPError(.invalidArgument, "an IMAP atom argument holds a space, quote, parenthesis or control")
            }
            current += text.utf8
        case .string(let text):
            guard !text.utf8.contains(where: { $0 == 0 || $0 == 0x0d || $0 == 0x0a }) else {
                throw IMAPError(.invalidArgument, "a string argument contains CR, LF or NUL; it is refused")
            }
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                appendQuoted(text, to: &current)
            } else {
                appendLiteral(Array(text.utf8), to: &current, chunks: &chunks, literalPlus: literalPlus)
            }
        case .mailbox(let mailbox):
            appendQuoted(mailbox.encoded, to: &current)
        case .literal(let bytes):
            appendLiteral(bytes, to: &current, chunks: &chunks, literalPlus: literalPlus)
        case .list(let items):
            current.append(UInt8(ascii: "("))
            for (index, item) in items.enumerated() {
                if index > 0 { current.append(0x20) }
                try append(item, to: &current, chunks: &chunks, literalPlus: literalPlus)
            }
            current.append(UInt8(ascii: ")"))
        }
    }

    private static func appendQuoted(_ text: String, to current: inout [UInt8]) {
        current.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { current.append(UInt8(ascii: "\\")) }
            current.append(byte)
        }
        current.append(UInt8(ascii: "\""))
    }

    private static func appendLiteral(
        _ bytes: [UInt8],
        to current: inout [UInt8],
        chunks: inout [[UInt8]],
        literalPlus: Bool
    ) {
        current += "{\(bytes.count)\(literalPlus ? "+" : "")}\r\n".utf8
        if !literalPlus {
            chunks.append(current)
            current = []
        }
        current += bytes
    }

    /// Printable ASCII other than space, `"`, `(`, `)` and `{`.
    private static func isAtomByte(_ byte: UInt8) -> Bool {
        (0x21...0x7e).contains(byte) && !"\"(){".utf8.contains(byte)
    }
}
