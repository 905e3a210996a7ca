import Foundation
import HarkCore
import Synchronization

extension MemoryInboxStore {
    public func createSession(_ session: WebSession) async throws {
        state.withLock { $0.sessions[session.idHash] = session }
    }

    public func session(idHash: String, at now: Date) async throws -> WebSession? {
        state.withLock { state in state.sessions[idHash].flatMap { $0.expiresAt > now ? $0 : nil } }
    }

    public func deleteSession(idHash: String) async throws {
        state.withLock { $0.sessions[idHash] = nil }
    }

    public func purgeSessions(expiredBefore now: Date) async throws -> Int {
        state.withLock { state in
            let expired = state.sessions.filter { $0.value.expiresAt <= now }.map(\.key)
            for key in expired { state.sessions[key] = nil }
            return expired.count
        }
    }
}
