import Foundation

/// A byte scan a webhook body passes before `JSONSerialization` sees it.
///
/// `JSONSerialization` recurses once per nesting level and reports its failures in words that may
/// quote the body, so three things are settled here first, in one pass over the bytes:
/// - a leading UTF-8 byte order mark (EF BB BF) is stripped: RFC 8259 forbids senders to add one but
///   lets receivers ignore it, and some form tools on Windows do add it;
/// - the bytes must be valid UTF-8 (no overlong forms, no encoded surrogates, nothing above U+10FFFF);
/// - brackets outside strings may nest at most `maximumDepth` deep (the top-level object is depth 1),
///   so a 100,000-deep body is refused after reading `maximumDepth + 1` brackets.
///
/// Everything else (syntax, numbers out of range, escaped lone surrogates, `NaN`) is left to the parser.
enum JSONPreflight {
    /// Why a body was refused.
    enum Failure: Error, Equatable {
        case empty
        case invalidUTF8(offset: Int)
        case tooDeep(offset: Int)
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Checks `body` and returns it without a leading byte order mark.
    static func check(_ body: Data, maximumDepth: Int) -> Result<Data, Failure> {
        let start = body.starts(with: byteOrderMark) ? body.index(body.startIndex, offsetBy: 3) : body.startIndex
        let content = body[start...]
        guard content.contains(where: { !isJSONWhitespace($0) }) else { return .failure(.empty) }
        let failure: Failure? = content.withUnsafeBytes { buffer in
            scan(buffer.bindMemory(to: UInt8.self), maximumDepth: maximumDepth)
        }
        if let failure { return .failure(failure) }
        return .success(Data(content))
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) -> Failure? {
        var depth = 0
        var inString = false
        var escaped = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 {
                guard let width = sequenceWidth(bytes, at: index) else { return .invalidUTF8(offset: index) }
                escaped = false
                index += width
                continue
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    if depth > maximumDepth { return .tooDeep(offset: index) }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth = max(0, depth - 1)
                default:
                    break
                }
            }
            index += 1
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence starting at `index` (Unicode table 3-7), or `nil`.
    private static func sequenceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        let width: Int
        let secondRange: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (width, secondRange) = (2, 0x80...0xBF)
        case 0xE0: (width, secondRange) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (width, secondRange) = (3, 0x80...0xBF)
        case 0xED: (width, secondRange) = (3, 0x80...0x9F)
        case 0xF0: (width, secondRange) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (width, secondRange) = (4, 0x80...0xBF)
        case 0xF4: (width, secondRange) = (4, 0x80...0x8F)
        default: return nil
        }
        guard index + width <= bytes.count, secondRange.contains(bytes[index + 1]) else { return nil }
        for offset in 2..<width where !(0x80...0xBF).contains(bytes[index + offset]) {
            return nil
        }
        return width
    }
}
