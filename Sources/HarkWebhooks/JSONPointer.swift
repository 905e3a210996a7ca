import Foundation
import HarkCore

/// An RFC 6901 JSON Pointer such as `/review/author/name`, validated when it is created.
///
/// `~1` stands for `/` and `~0` for `~` inside a reference token; any other `~` is an error. The
/// empty pointer names the whole document. Array elements are addressed by decimal index without
/// leading zeros; `-` (the element after the last) never resolves.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The longest pointer accepted, in UTF-8 bytes.
    public static let maximumLength = 1024
    /// The most reference tokens accepted (deeper values cannot pass the depth cap anyway).
    public static let maximumTokens = 64

    /// The pointer as written.
    public let rawValue: String
    /// The unescaped reference tokens.
    public let tokens: [String]

    /// Parses and validates a pointer.
    ///
    /// - Throws: `HarkError` (`invalidConfiguration`) saying what is wrong and how to write it.
    public init(_ rawValue: String) throws {
        guard rawValue.utf8.count <= Self.maximumLength else {
            throw HarkError(.invalidConfiguration, "a JSON Pointer is longer than \(Self.maximumLength) bytes")
        }
        guard rawValue.isEmpty || rawValue.hasPrefix("/") else {
            throw HarkError(
                .invalidConfiguration,
                "JSON Pointer '\(TextCleanup.escapedForLog(rawValue))' must start with '/' (RFC 6901), e.g. '/review/body'"
            )
        }
        var tokens = [String]()
        for token in rawValue.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            guard let unescaped = Self.unescape(token) else {
                throw HarkError(
                    .invalidConfiguration,
                    "JSON Pointer '\(TextCleanup.escapedForLog(rawValue))' has a '~' not followed by 0 or 1; "
                        + "write '~0' for '~' and '~1' for '/'"
                )
            }
            tokens.append(unescaped)
        }
        guard tokens.count <= Self.maximumTokens else {
            throw HarkError(.invalidConfiguration, "a JSON Pointer has more than \(Self.maximumTokens) tokens")
        }
        self.rawValue = rawValue
        self.tokens = tokens
    }

    public var description: String { rawValue }

    /// The value the pointer names in `document` (as returned by `JSONSerialization`), or `nil`.
    func resolve(in document: Any) -> Any? {
        var current: Any = document
        for token in tokens {
            if let object = current as? [String: Any] {
                guard let next = object[token] else { return nil }
                current = next
            } else if let array = current as? [Any] {
                guard let index = Self.arrayIndex(token), index < array.count else { return nil }
                current = array[index]
            } else {
                return nil
            }
        }
        return current is NSNull ? nil : current
    }

    private static func unescape(_ token: Substring) -> String? {
        guard token.contains("~") else { return String(token) }
        var out = ""
        var iterator = token.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else {
                out.append(character)
                continue
            }
            switch iterator.next() {
            case "0": out.append("~")
            case "1": out.append("/")
            default: return nil
            }
        }
        return out
    }

    private static func arrayIndex(_ token: String) -> Int? {
        let utf8 = token.utf8
        guard let first = utf8.first, utf8.count <= 18,
            utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            first != UInt8(ascii: "0") || utf8.count == 1
        else { return nil }
        return Int(token)
    }
}
