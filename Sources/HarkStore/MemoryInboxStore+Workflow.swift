import Foundation
import HarkCore
import Synchronization

/// People's work on mentions, as the SQLite store does it.
extension MemoryInboxStore {
    public func change(
        _ id: MentionID, _ change: MentionChange, by actor: ChangeActor, at now: Date, serviceLevels: ServiceLevelPolicy
    ) async throws -> Mention {
        try state.withLock { state in
            guard let current = state.mentions[id]?.mention else { throw HarkError(.notFound, "no such mention") }
            let (updated, audit) = try WorkflowApplier.apply(
                change, to: current, by: actor, at: now, serviceLevels: serviceLevels)
            state.mentions[id]?.mention = updated
            state.recurrence.reconsider(current, updated)
            for var event in audit {
                event.sequence = Int64(state.audit.count + 1)
                state.audit.append(event)
            }
            return updated
        }
    }

    public func addNote(to id: MentionID, text: String, by actor: ChangeActor, at now: Date) async throws -> MentionNote {
        let cleaned = try WorkflowApplier.noteText(text)
        return try state.withLock { state in
            guard state.mentions[id] != nil else { throw HarkError(.notFound, "no such mention") }
            let note = MentionNote(
                id: UUID().uuidString.lowercased(), mentionID: id, author: actor.name, text: cleaned, at: now)
            state.mentions[id]?.notes.append(note)
            state.mentions[id]?.mention.notesCount += 1
            state.mentions[id]?.mention.updatedAt = now
            state.audit.append(
                AuditEvent(
                    at: now, actor: actor.name, role: actor.role, action: "mention.note", object: id.rawValue,
                    after: note.id, requestID: actor.requestID, sourceIP: actor.sourceIP,
                    sequence: Int64(state.audit.count + 1)))
            return note
        }
    }

    public func notes(of id: MentionID) async throws -> [MentionNote] {
        state.withLock { $0.mentions[id]?.notes ?? [] }
    }

    public func history(of id: MentionID) async throws -> [AuditEvent] {
        state.withLock { state in state.audit.filter { $0.object == id.rawValue } }
    }
}
