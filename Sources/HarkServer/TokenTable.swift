import Crypto
import Foundation

/// The configured API tokens, kept only as SHA-256 digests.
///
/// A presented token is hashed and compared with every known digest in constant time, so neither
/// the table nor the comparison reveals a token.
public struct TokenTable: Sendable {
    struct Entry: Sendable {
        var digest: [UInt8]
        var caller: APICaller
    }

    private var entries: [Entry] = []

    public init() {}

    /// Adds a token. The plain token is hashed at once and not kept.
    public mutating func add(token: String, caller: APICaller) {
        entries.append(Entry(digest: Array(SHA256.hash(data: Data(token.utf8))), caller: caller))
    }

    public var count: Int { entries.count }

    /// The caller a token belongs to, or `nil`.
    public func caller(for token: String) -> APICaller? {
        let digest = Array(SHA256.hash(data: Data(token.utf8)))
        var found: APICaller?
        for entry in entries where ConstantTime.equal(entry.digest, digest) {
            found = entry.caller
        }
        return found
    }
}

/// Comparisons whose duration does not depend on where the inputs differ.
public enum ConstantTime {
    /// Whether `a` and `b` are equal; the time depends only on the lengths.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
