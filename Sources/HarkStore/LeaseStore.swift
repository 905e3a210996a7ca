import Foundation
import HarkCore

/// Who holds a lease and until when.
public struct LeaseRecord: Sendable, Hashable, Codable {
    /// What the lease is for: `source:<id>` for a polled source, `job:<name>` for work one
    /// instance does for all (the notifier's outbox, recurrence).
    public var name: String
    /// The instance holding it (``LeaseKeeper``'s instance name).
    public var owner: String
    /// When the current owner first took it (renewals keep this).
    public var acquiredAt: Date
    /// When it lapses unless renewed.
    public var expiresAt: Date

    public init(name: String, owner: String, acquiredAt: Date, expiresAt: Date) {
        self.name = name
        self.owner = owner
        self.acquiredAt = acquiredAt
        self.expiresAt = expiresAt
    }

    /// Whether `owner` holds it at `now`.
    public func isHeld(by owner: String, at now: Date) -> Bool {
        self.owner == owner && expiresAt > now
    }
}

/// Leases in the store: several instances sharing one store agree which of them polls a source or
/// does a shared job, and another takes over when the holder stops renewing (it died).
public protocol LeaseStore: Sendable {
    /// Takes lease `name` for `owner` until `expiry` when it is free, lapsed, or `owner`'s already
    /// (a renewal); otherwise leaves it. Returns the lease as it now is: held by `owner` when the
    /// claim worked, by another instance when it did not. Atomic across instances.
    func claimLease(_ name: String, owner: String, until expiry: Date, at now: Date) async throws -> LeaseRecord

    /// Gives lease `name` up when `owner` holds it (a clean shutdown), so another instance need not
    /// wait for it to lapse.
    func releaseLease(_ name: String, owner: String) async throws

    /// Every lease, lapsed ones included, by name.
    func leases() async throws -> [LeaseRecord]
}

extension LeaseStore {
    /// The leases of polled sources, by source id (for `hark sources`).
    public func sourceLeases() async throws -> [SourceID: LeaseRecord] {
        var found: [SourceID: LeaseRecord] = [:]
        for lease in try await leases() where lease.name.hasPrefix(LeaseName.sourcePrefix) {
            if let id = SourceID(String(lease.name.dropFirst(LeaseName.sourcePrefix.count))) { found[id] = lease }
        }
        return found
    }
}

/// The names leases go by.
public enum LeaseName {
    static let sourcePrefix = "source:"

    /// The lease of a polled source.
    public static func source(_ id: SourceID) -> String { sourcePrefix + id.rawValue }

    /// The lease of a job one instance does for all.
    public static func job(_ name: String) -> String { "job:" + name }

    /// Whether `name` is a well-formed lease name (at most 200 characters, printable).
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 200 && name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }
}
