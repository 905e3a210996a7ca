import Foundation
import HarkCore
import Synchronization

extension MemoryInboxStore {
    public func enqueue(_ messages: [OutboxMessage], audit: [AuditEvent]) async throws -> [String] {
        try state.withLock { state in
            var copy = state
            var added: [String] = []
            for message in messages where copy.outbox[message.id] == nil {
                try copy.enqueueOutbox(message)
                added.append(message.id)
            }
            for event in audit { try copy.insertAudit(event) }
            state = copy
            return added
        }
    }

    public func dueOutboxMessages(at now: Date, limit: Int) async throws -> [OutboxMessage] {
        state.withLock { state in
            Array(
                state.outbox.values.filter { $0.isPending && $0.nextAttemptAt <= now }
                    .sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
                    .prefix(max(0, limit)))
        }
    }

    public func nextOutboxAttempt() async throws -> Date? {
        state.withLock { state in state.outbox.values.filter(\.isPending).map(\.nextAttemptAt).min() }
    }

    public func recordOutboxDelivery(_ id: String, at now: Date, audit: [AuditEvent]) async throws {
        try state.withLock { state in
            guard var message = state.outbox[id] else { return }
            message.attempts += 1
            message.deliveredAt = now
            message.lastError = nil
            state.outbox[id] = message
            for event in audit { try state.insertAudit(event) }
        }
    }

    public func recordOutboxFailure(
        _ id: String, error: String, retryAt: Date?, at now: Date, audit: [AuditEvent]
    ) async throws {
        let error = TextCleanup.line(error)
        try state.withLock { state in
            guard var message = state.outbox[id] else { return }
            message.attempts += 1
            message.lastError = error
            if let retryAt { message.nextAttemptAt = retryAt } else { message.failedAt = now }
            state.outbox[id] = message
            for event in audit { try state.insertAudit(event) }
        }
    }

    public func outboxMessage(_ id: String) async throws -> OutboxMessage? {
        state.withLock { $0.outbox[id] }
    }

    public func outboxMessages(about mention: MentionID) async throws -> [OutboxMessage] {
        state.withLock { state in
            state.outbox.values.filter { $0.mentionID == mention }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
    }

    public func outboxCounts() async throws -> OutboxCounts {
        state.withLock { state in
            var counts = OutboxCounts()
            for message in state.outbox.values {
                if message.deliveredAt != nil {
                    counts.delivered += 1
                } else if message.failedAt != nil {
                    counts.failed += 1
                } else {
                    counts.pending += 1
                    counts.oldestPendingAt = min(counts.oldestPendingAt ?? message.createdAt, message.createdAt)
                }
            }
            return counts
        }
    }
}
