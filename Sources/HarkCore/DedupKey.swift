import Crypto
import Foundation

/// A deduplication key, stored only as a SHA-256 digest and kept for ever.
///
/// Hark keeps two kinds of key (see DESIGN.md, "the store"): a *delivery* key says "this input was
/// seen" and a *mention* key says "this is the same mention". Both are derived from identifying
/// material (a webhook delivery id, an IMAP position, a feed item's GUID) that may itself be personal
/// data, so only the digest is ever stored; erasure leaves the digest and a re-delivery stays a
/// duplicate.
public struct DedupKey: Hashable, Sendable, CustomStringConvertible {
    /// Lower-case hex SHA-256 of the key material.
    public let digest: String

    /// Creates a key from an existing digest (as read back from a store).
    public init(digest: String) {
        self.digest = digest
    }

    /// Derives a key from its parts. Parts are length-prefixed, so `("a", "bc")` and `("ab", "c")`
    /// give different keys.
    public static func derive(_ parts: String...) -> DedupKey {
        derive(parts)
    }

    /// Derives a key from its parts. Parts are length-prefixed.
    public static func derive(_ parts: [String]) -> DedupKey {
        var hasher = SHA256()
        for var part in parts {
            part.withUTF8 { bytes in
                hasher.update(data: Array("\(bytes.count):".utf8))
                hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            }
        }
        return DedupKey(digest: hasher.finalize().hexString)
    }

    /// A key for the content of raw bytes, e.g. a webhook body without a delivery id.
    public static func contentDigest(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).hexString
    }

    public var description: String { "key:\(digest.prefix(12))" }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex encoding.
    public var hexString: String {
        let bytes = Array(self)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = hexDigit(byte >> 4)
                out[2 * index + 1] = hexDigit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }
}

@inline(__always)
private func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
}

extension Data {
    /// Bytes from lower-case hex digits, two per byte (the inverse of `hexString`); any other
    /// character is skipped.
    public init(hexDigits hex: some StringProtocol) {
        var string = String(hex)
        self = string.withUTF8 { Data.decodingHex($0) }
    }

    private static func decodingHex(_ utf8: UnsafeBufferPointer<UInt8>) -> Data {
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count / 2)
        var high: UInt8?
        for character in utf8 {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character &- UInt8(ascii: "a") &+ 10
            default: continue
            }
            if let value = high {
                bytes.append(value << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return Data(bytes)
    }
}
