import Foundation

import HarkCore

/// What links a mention to a customer: an e-mail address (certain), a platform handle (strong:
/// the same handle on a forum and in a review), or an author name on one review site (weaker,
/// and only within that site). A display name alone never identifies anyone (reliability.md:
/// the identity is the address, never the display name).
public struct CustomerEvidence: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case address, handle, author
    }

    public var kind: Kind
    /// The normalised value: a lower-cased address, a handle without `@`, `source:name`.
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }

    /// How sure a link by this kind of evidence is, 0 to 1.
    public var confidence: Double {
        switch kind {
        case .address: 1.0
        case .handle: 0.9
        case .author: 0.6
        }
    }

    /// The evidence an erasure of `subject` removes (normalised as recurrence stores it).
    public static func erased(by subject: ErasureSubject) -> CustomerEvidence {
        switch subject {
        case .address(let address):
            return CustomerEvidence(kind: .address, value: address.trimmingCharacters(in: .whitespaces).lowercased())
        case .handle(let handle):
            var value = handle.trimmingCharacters(in: .whitespaces).lowercased()
            while value.hasPrefix("@") { value.removeFirst() }
            return CustomerEvidence(kind: .handle, value: value)
        }
    }
}
