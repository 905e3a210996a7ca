import Foundation

/// Decoding of the pieces of signature headers, shared by every scheme.
///
/// Hex is decoded case-insensitively: `AB` and `ab` are the same byte, so accepting upper case
/// weakens nothing, and the comparison that follows is on the decoded bytes, in constant time.
enum SignatureEncoding {
    /// The length of an HMAC-SHA256 code in bytes.
    static let macLength = 32

    /// Decodes hex digits of either case; `nil` for an odd length or a non-hex character.
    static func decodeHex(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    /// Decodes standard base64 with padding; `nil` when it is not valid base64.
    static func decodeBase64(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, let data = Data(base64Encoded: String(text)) else { return nil }
        return Array(data)
    }

    /// Parses a Unix timestamp in whole seconds: 1 to 15 ASCII digits, nothing else (no sign, no
    /// fraction, no white space).
    static func parseTimestamp(_ text: String) -> Int64? {
        let utf8 = text.utf8
        guard (1...15).contains(utf8.count),
            utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int64(text)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
