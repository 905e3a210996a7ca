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
        // Two draws of 64 bits (one system call each), not one per byte.
        var rng = SystemRandomNumberGenerator()
        let high = millis << 16 | 0x7000 | rng.next() & 0x0FFF
        let low = 0x8000_0000_0000_0000 | rng.next() & 0x3FFF_FFFF_FFFF_FFFF
        func byte(_ value: UInt64, _ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: value >> (8 * (7 - index))) }
        return UUID(
            uuid: (
                byte(high, 0), byte(high, 1), byte(high, 2), byte(high, 3), byte(high, 4), byte(high, 5),
                byte(high, 6), byte(high, 7), byte(low, 0), byte(low, 1), byte(low, 2), byte(low, 3),
                byte(low, 4), byte(low, 5), byte(low, 6), byte(low, 7)
            ))
    }
}
