import Foundation

/// The identifier of a mention: a UUIDv7 in its canonical lower-case text form.
///
/// UUIDv7 ids sort by creation time, so the API pages by id (keyset) and ids cannot be guessed
/// from one another (the random tail has 74 bits).
public struct MentionID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The canonical text form, e.g. `0193a5b2-7c1e-7d3a-9f10-2b6c8e4d1a7f`.
    public let rawValue: String

    /// Wraps a stored id. Returns `nil` when `rawValue` is not a canonical lower-case UUID.
    public init?(_ rawValue: String) {
        guard rawValue.utf8.count == 36, let uuid = UUID(uuidString: rawValue),
            uuid.uuidString.lowercased() == rawValue
        else { return nil }
        self.rawValue = rawValue
    }

    private init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    /// Generates a new UUIDv7 for the given instant.
    public static func generate(at date: Date) -> MentionID {
        MentionID(unchecked: UUIDv7.make(at: date).uuidString.lowercased())
    }

    public var description: String { rawValue }

    public static func < (lhs: MentionID, rhs: MentionID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(String.self)
        guard let id = MentionID(value) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a mention id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// RFC 9562 UUID version 7: 48 bits of Unix milliseconds, then random bits.
public enum UUIDv7 {
    /// Makes a UUIDv7 for `date`.
    public static func make(at date: Date) -> UUID {
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var rng = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - UInt64(index))))
        }
        for index in 6..<16 {
            bytes[index] = UInt8.random(in: 0...255, using: &rng)
        }
        bytes[6] = 0x70 | (bytes[6] & 0x0f)
        bytes[8] = 0x80 | (bytes[8] & 0x3f)
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
