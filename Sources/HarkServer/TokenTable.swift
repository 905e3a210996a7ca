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

    /// Who the tokens belong to, in configuration order (never the tokens or their digests).
    public var callers: [APICaller] { entries.map(\.caller) }

    /// The caller and a fingerprint of its token (for browser sessions), or `nil`.
    public func callerAndFingerprint(for token: String) -> (caller: APICaller, fingerprint: String)? {
        guard let caller = caller(for: token) else { return nil }
        return (caller, Self.fingerprint(Array(SHA256.hash(data: Data(token.utf8)))))
    }

    /// The caller of a session: the token named `name` whose digest has `fingerprint` (a token
    /// removed or rotated since signing in gives `nil`).
    public func caller(named name: String, fingerprint: String) -> APICaller? {
        entries.first { $0.caller.name == name && Self.fingerprint($0.digest) == fingerprint }?.caller
    }

    static func fingerprint(_ digest: [UInt8]) -> String {
        SHA256.hash(data: Data(digest)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

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
