import Foundation

/// Turns an ``IMAPFrame`` into an ``IMAPResponse`` (RFC 3501 §7). Pure.
public enum IMAPResponseParser {
    /// Parses one complete response.
    /// - Throws: ``IMAPError`` `protocol_error` naming what is malformed (no response text is
    ///   quoted: it may be message data).
    public static func parse(_ frame: IMAPFrame, limits: IMAPLimits = IMAPLimits()) throws(IMAPError) -> IMAPResponse {
        var cursor = IMAPCursor(frame, maximumDepth: limits.maximumListDepth)
        switch cursor.peek {
        case UInt8(ascii: "+")?:
            cursor.advance()
            _ = cursor.skip(0x20)
            return .continuation(cursor.rest())
        case UInt8(ascii: "*")?:
            cursor.advance()
            try cursor.expectSpace()
            return .untagged(try untagged(&cursor))
        case nil:
            throw .protocolViolation("the server sent an empty line")
        default:
            let tag = try cursor.atom(allowBracket: false)
            try cursor.expectSpace()
            let word = try cursor.atom().uppercased()
            guard let status = IMAPStatus(rawValue: word), [.ok, .no, .bad].contains(status) else {
                throw .protocolViolation("a tagged response has the status \(IMAPError.quote(word, limit: 16))")
            }
            return .tagged(tag: tag, try statusResponse(status, &cursor))
        }
    }

    private static func untagged(_ cursor: inout IMAPCursor) throws(IMAPError) -> IMAPUntaggedResponse {
        if let first = cursor.peek, (0x30...0x39).contains(first) {
            let number = try cursor.number32()
            try cursor.expectSpace()
            let word = try cursor.atom(allowBracket: false).uppercased()
            switch word {
            case "EXISTS": return .exists(number)
            case "RECENT": return .recent(number)
            case "EXPUNGE": return .expunge(number)
            case "FETCH":
                try cursor.expectSpace()
                return .fetch(try IMAPFetchParser.parse(sequenceNumber: number, &cursor))
            default: return .other(IMAPError.quote(word, limit: 32))
            }
        }
        let word = try cursor.atom(allowBracket: false).uppercased()
        if let status = IMAPStatus(rawValue: word) {
            return .status(try statusResponse(status, &cursor))
        }
        switch word {
        case "CAPABILITY":
            return .capability(words(cursor.rest()))
        case "FLAGS":
            try cursor.expectSpace()
            return .flags(try cursor.atomList())
        case "SEARCH":
            var numbers: [UInt32] = []
            while cursor.skip(0x20) {
                // RFC 7162 appends "(MODSEQ n)"; skip any list.
                if cursor.peek == UInt8(ascii: "(") {
                    try cursor.skipValue()
                } else if cursor.peek != nil {
                    numbers.append(try cursor.number32())
                }
            }
            guard cursor.isAtEnd else {
                throw .protocolViolation("a SEARCH response holds something other than numbers")
            }
            return .search(numbers)
        default:
            return .other(IMAPError.quote(word, limit: 32))
        }
    }

    /// The rest of a status response after its status word: `[code] text`.
    private static func statusResponse(
        _ status: IMAPStatus,
        _ cursor: inout IMAPCursor
    ) throws(IMAPError) -> IMAPStatusResponse {
        guard cursor.skip(0x20) else { return IMAPStatusResponse(status) }
        var code: IMAPResponseCode?
        if cursor.skip(UInt8(ascii: "[")) {
            code = try responseCode(&cursor)
            _ = cursor.skip(0x20)
        }
        return IMAPStatusResponse(status, code: code, text: cursor.rest())
    }

    private static func responseCode(_ cursor: inout IMAPCursor) throws(IMAPError) -> IMAPResponseCode {
        let name = try cursor.atom(allowBracket: false).uppercased()
        var arguments: [UInt8] = []
        if cursor.skip(0x20) {
            while let byte = cursor.peek, byte != UInt8(ascii: "]") {
                arguments.append(byte)
                cursor.advance()
            }
        }
        try cursor.expect(UInt8(ascii: "]"), "] closing a response code")
        let text = String(decoding: arguments, as: UTF8.self)
        func number() throws(IMAPError) -> UInt32 {
            guard let value = UInt32(text), !text.hasPrefix("+") else {
                throw .protocolViolation("the response code \(name) has no valid number")
            }
            return value
        }
        switch name {
        case "UIDVALIDITY": return .uidValidity(try number())
        case "UIDNEXT": return .uidNext(try number())
        case "READ-ONLY": return .readOnly
        case "READ-WRITE": return .readWrite
        case "CAPABILITY": return .capability(words(text))
        case "NONEXISTENT": return .nonexistent
        case "AUTHENTICATIONFAILED": return .authenticationFailed
        default: return .other(IMAPError.quote(name, limit: 32), arguments: IMAPError.quote(text))
        }
    }

    /// Space-separated words, upper-cased (capability names).
    private static func words(_ text: String) -> [String] {
        text.split(separator: " ").map { $0.uppercased() }
    }
}
