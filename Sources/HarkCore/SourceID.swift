/// The identifier of one configured source (`sources[].id` in the configuration).
///
/// Source ids appear in URLs (`/hooks/{source}`), so they are restricted to a safe alphabet:
/// ASCII letters, digits, `-` and `_`, 1 to 64 characters.
public struct SourceID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The id as written in the configuration.
    public let rawValue: String

    /// Creates a source id, or returns `nil` when `rawValue` is not a valid id.
    public init?(_ rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Whether `value` is a valid source id.
    public static func isValid(_ value: String) -> Bool {
        guard (1...64).contains(value.utf8.count) else { return false }
        return value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                return true
            default:
                return false
            }
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: SourceID, rhs: SourceID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(String.self)
        guard let id = SourceID(value) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid source id (letters, digits, '-' and '_', 1-64 characters)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
