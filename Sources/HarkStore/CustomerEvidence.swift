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

    /// The evidence a mention carries, strongest first. Recurrence links by it; a split moves it.
    public static func of(author: Author, source: SourceID, channel: Channel) -> [CustomerEvidence] {
        var evidence: [CustomerEvidence] = []
        if let address = author.address.map(normalisedAddress), address.contains("@"), address.count <= 320 {
            evidence.append(CustomerEvidence(kind: .address, value: address))
        }
        if let handle = author.handle.map(normalisedHandle), !handle.isEmpty, handle.count <= 200 {
            evidence.append(CustomerEvidence(kind: .handle, value: handle))
        }
        // A review or forum post names its author on that site only: a name, scoped to the source.
        if channel == .feed, evidence.isEmpty, let name = author.name?.trimmingCharacters(in: .whitespaces).lowercased(),
            !name.isEmpty, name.count <= 200
        {
            evidence.append(CustomerEvidence(kind: .author, value: "\(source.rawValue):\(name)"))
        }
        return evidence
    }

    /// The evidence an erasure of `subject` removes (normalised as recurrence stores it).
    public static func erased(by subject: ErasureSubject) -> CustomerEvidence {
        switch subject {
        case .address: CustomerEvidence(kind: .address, value: normalisedAddress(subject.storedValue))
        case .handle: CustomerEvidence(kind: .handle, value: normalisedHandle(subject.storedValue))
        }
    }

    private static func normalisedAddress(_ address: String) -> String {
        address.trimmingCharacters(in: .whitespaces).lowercased()
    }

    private static func normalisedHandle(_ handle: String) -> String {
        var value = handle.trimmingCharacters(in: .whitespaces).lowercased()
        while value.hasPrefix("@") { value.removeFirst() }
        return value
    }
}
