import Foundation
import HarkCore
import Synchronization

extension MemoryInboxStore {
    public func claimLease(_ name: String, owner: String, until expiry: Date, at now: Date) async throws -> LeaseRecord {
        guard LeaseName.isValid(name), LeaseName.isValid(owner) else {
            throw HarkError(.invalidInput, "a lease name and owner are 1 to 200 printable characters")
        }
        return state.withLock { state in
            if let current = state.leases[name], current.owner != owner, current.expiresAt > now { return current }
            let acquired = state.leases[name].flatMap { $0.owner == owner && $0.expiresAt > now ? $0.acquiredAt : nil }
            let lease = LeaseRecord(name: name, owner: owner, acquiredAt: acquired ?? now, expiresAt: expiry)
            state.leases[name] = lease
            return lease
        }
    }

    public func releaseLease(_ name: String, owner: String) async throws {
        state.withLock { state in
            if state.leases[name]?.owner == owner { state.leases[name] = nil }
        }
    }

    public func leases() async throws -> [LeaseRecord] {
        state.withLock { $0.leases.values.sorted { $0.name < $1.name } }
    }
}
