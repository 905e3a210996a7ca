import Foundation

/// Reads the tokens of one ``IMAPFrame``: atoms, numbers, quoted strings, literals, `NIL` and
/// parenthesised lists. A literal is where a line ends and a literal follows.
struct IMAPCursor {
    private let frame: IMAPFrame
    private var line = 0
    private var position = 0
    let maximumDepth: Int

    init(_ frame: IMAPFrame, maximumDepth: Int) {
        self.frame = frame
        self.maximumDepth = maximumDepth
    }

    private var bytes: [UInt8] { frame.lines[line] }

    /// The next byte of the current line, `nil` at its end.
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Whether the whole response has been read.
    var isAtEnd: Bool { line == frame.lines.count - 1 && position == bytes.count }

    /// Whether a literal comes next.
    var literalFollows: Bool { position == bytes.count && line < frame.literals.count }

    mutating func advance() { position += 1 }

    /// Consumes `byte` if it comes next.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        position += 1
        return true
    }

    /// Consumes `byte` or fails with `what` named.
    mutating func expect(_ byte: UInt8, _ what: String) throws(IMAPError) {
        guard skip(byte) else { throw .protocolViolation("expected \(what) in a server response") }
    }

    /// Consumes one space (or fails).
    mutating func expectSpace() throws(IMAPError) { try expect(0x20, "a space") }

    /// Whether `byte` may be part of an atom: RFC 3501 `ATOM-CHAR` read leniently (`\`, `*`, `%`
    /// and 8-bit bytes pass, for flags like `\Seen` and `\*`), `]` only when `allowBracket`.
    static func isAtomByte(_ byte: UInt8, allowBracket: Bool) -> Bool {
        switch byte {
        case 0...0x20, 0x7f, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "\""):
            return false
        case UInt8(ascii: "]"):
            return allowBracket
        default:
            return true
        }
    }

    /// An atom (flags like `\Seen` included); fails when none is there.
    mutating func atom(allowBracket: Bool = true) throws(IMAPError) -> String {
        let from = position
        while let byte = peek, Self.isAtomByte(byte, allowBracket: allowBracket) { position += 1 }
        guard position > from else { throw .protocolViolation("expected an atom in a server response") }
        return String(decoding: bytes[from..<position], as: UTF8.self)
    }

    /// An unsigned 32-bit number.
    mutating func number32() throws(IMAPError) -> UInt32 {
        let value = try number()
        guard value <= UInt64(UInt32.max) else { throw .protocolViolation("a number is out of the 32-bit range") }
        return UInt32(value)
    }

    /// An unsigned number of at most 19 digits.
    mutating func number() throws(IMAPError) -> UInt64 {
        let from = position
        var value: UInt64 = 0
        while let byte = peek, (0x30...0x39).contains(byte) {
            guard position - from < 19 else { throw .protocolViolation("a number has too many digits") }
            value = value * 10 + UInt64(byte - 0x30)
            position += 1
        }
        guard position > from else { throw .protocolViolation("expected a number in a server response") }
        return value
    }

    /// A quoted string's bytes, with `\"` and `\\` unescaped.
    mutating func quoted() throws(IMAPError) -> [UInt8] {
        try expect(UInt8(ascii: "\""), "a quoted string")
        var result: [UInt8] = []
        while let byte = peek {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return result
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { break }
                result.append(escaped)
                position += 1
            default:
                result.append(byte)
            }
        }
        throw .protocolViolation("a quoted string in a server response is not closed")
    }

    /// The literal that follows, moving to the next line.
    mutating func literal() throws(IMAPError) -> IMAPLiteral {
        guard literalFollows else { throw .protocolViolation("expected a literal in a server response") }
        let value = frame.literals[line]
        line += 1
        position = 0
        return value
    }

    /// An `nstring`: a quoted string or literal, or `nil` for `NIL`.
    mutating func nstring() throws(IMAPError) -> IMAPLiteral? {
        if literalFollows { return try literal() }
        if peek == UInt8(ascii: "\"") { return .data(Data(try quoted())) }
        let word = try atom()
        guard word.uppercased() == "NIL" else { throw .protocolViolation("expected a string or NIL, got an atom") }
        return nil
    }

    /// A parenthesised list of atoms (flags, capabilities).
    mutating func atomList() throws(IMAPError) -> [String] {
        try expect(UInt8(ascii: "("), "(")
        var items: [String] = []
        while !skip(UInt8(ascii: ")")) {
            if !items.isEmpty { try expectSpace() }
            items.append(try atom(allowBracket: false))
        }
        return items
    }

    /// Skips any one value (atom, number, string, literal, `NIL` or nested list) within the depth limit.
    mutating func skipValue(depth: Int = 0) throws(IMAPError) {
        guard depth <= maximumDepth else {
            throw .protocolViolation("a server response nests lists deeper than \(maximumDepth)")
        }
        if literalFollows {
            _ = try literal()
        } else if peek == UInt8(ascii: "\"") {
            _ = try quoted()
        } else if skip(UInt8(ascii: "(")) {
            var first = true
            while !skip(UInt8(ascii: ")")) {
                if !first { try expectSpace() }
                first = false
                try skipValue(depth: depth + 1)
            }
        } else {
            _ = try atom()
        }
    }

    /// The rest of the current line as text (invalid UTF-8 replaced).
    mutating func rest() -> String {
        defer { position = bytes.count }
        return String(decoding: bytes[position...], as: UTF8.self)
    }
}
