import Foundation

/// Accumulates the text (or re-serialised markup) of one field, up to a limit.
///
/// One buffer is reused for every field of a document, so reading allocates once per field: when
/// the field's string is made.
public struct XMLTextBuffer: Sendable {
    /// The bytes gathered so far (UTF-8).
    public private(set) var bytes: [UInt8] = []
    /// Most bytes kept; the rest is dropped and `truncated` set.
    public var limit: Int
    /// Bytes were dropped at the limit since the last `removeAll()`.
    public private(set) var truncated = false

    public init(limit: Int, reservingCapacity capacity: Int = 4096) {
        self.limit = limit
        bytes.reserveCapacity(min(capacity, limit))
    }

    public var isEmpty: Bool { bytes.isEmpty }
    public var count: Int { bytes.count }

    /// Empties the buffer, keeping its storage.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        truncated = false
    }

    /// Appends raw text.
    public mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        // libxml2 hands each entity (`&lt;`) over as its own one-byte piece: escaped HTML is full of them.
        if text.count == 1, bytes.count < limit {
            bytes.append(text[0])
            return
        }
        let room = limit - bytes.count
        guard room > 0 else {
            if !text.isEmpty { truncated = true }
            return
        }
        if text.count <= room {
            bytes.append(contentsOf: text)
        } else {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<(text.startIndex + room)]))
            truncated = true
        }
    }

    /// Appends text escaped for markup (`&`, `<`, `>`; `"` too when `quote` is set; `&` left alone
    /// when `keepingReferences`, for values whose references are already markup).
    public mutating func appendEscaped(
        _ text: UnsafeBufferPointer<UInt8>, quote: Bool = false, keepingReferences: Bool = false
    ) {
        var runStart = 0
        for index in 0..<text.count {
            let replacement: StaticString
            switch text[index] {
            case UInt8(ascii: "&") where !keepingReferences: replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\"") where quote: replacement = "&quot;"
            default: continue
            }
            append(UnsafeBufferPointer(rebasing: text[runStart..<index]))
            append(replacement)
            runStart = index + 1
        }
        append(UnsafeBufferPointer(rebasing: text[runStart...]))
    }

    /// Appends a literal.
    public mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    /// Appends a string's UTF-8.
    public mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { append($0) }
    }

    mutating func append(byte: UInt8) {
        if bytes.count < limit { bytes.append(byte) } else { truncated = true }
    }

    mutating func append(cString: UnsafePointer<UInt8>) {
        append(UnsafeBufferPointer(start: cString, count: strlen(cString)))
    }

    /// The text as a string (invalid UTF-8 cannot occur: the reader only sees valid input).
    public func string() -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The text without leading and trailing XML white space; `nil` when nothing else is left.
    public func trimmedString() -> String? {
        var start = 0
        var end = bytes.count
        while start < end, Self.isSpace(bytes[start]) { start += 1 }
        while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
        }
    }

    /// Whether `byte` is XML white space.
    @inline(__always)
    public static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }
}
