import Foundation
import HarkCore
import Synchronization

/// Merging and splitting customers, as the SQLite store does it.
extension MemoryInboxStore {
    public func mergeCustomer(_ from: String, into: String, by actor: ChangeActor, at now: Date) async throws {
        guard from != into else { throw HarkError(.invalidInput, "a customer cannot be merged into itself") }
        try state.withLock { state in
            for id in [from, into] where !state.recurrence.knows(customer: id) {
                throw HarkError(.notFound, "no such customer \(id)")
            }
            for (mention, link) in state.recurrence.customers where link.id == from {
                state.recurrence.customers[mention] = (into, link.evidence)
            }
            for (evidence, owner) in state.recurrence.evidence where owner == from || owner == into {
                state.recurrence.evidence[evidence] = into
                state.recurrence.manual.insert(evidence)
            }
            for (alias, owner) in state.recurrence.aliases where owner == from { state.recurrence.aliases[alias] = into }
            state.recurrence.aliases[from] = into
            state.audit.append(
                AuditEvent(
                    at: now, actor: actor.name, role: actor.role, action: "customer.merge", object: into, before: from,
                    requestID: actor.requestID, sourceIP: actor.sourceIP, sequence: Int64(state.audit.count + 1)))
        }
    }

    public func splitCustomer(_ id: String, mentions: [MentionID], by actor: ChangeActor, at now: Date) async throws -> String {
        let leaving = Set(mentions)
        guard !leaving.isEmpty else { throw HarkError(.invalidInput, "name at least one mention to split off") }
        let newID = Self.splitCustomerID(from: id, mentions: mentions)
        return try state.withLock { state in
            guard state.recurrence.knows(customer: id) else { throw HarkError(.notFound, "no such customer \(id)") }
            let owned = state.recurrence.customers.filter { $0.value.id == id }.compactMap { state.mentions[$0.key]?.mention }
            let going = owned.filter { leaving.contains($0.id) }
            guard going.count == leaving.count else {
                throw HarkError(.invalidInput, "\(leaving.count - going.count) of the mentions are not this customer's")
            }
            guard going.count < owned.count else { throw HarkError(.invalidInput, "every mention would leave: nothing to split") }
            func evidence(_ mentions: [Mention]) -> Set<CustomerEvidence> {
                Set(mentions.flatMap { CustomerEvidence.of(author: $0.author, source: $0.source, channel: $0.channel) })
            }
            let moving = evidence(going).subtracting(evidence(owned.filter { !leaving.contains($0.id) }))
            var moved = 0
            for (item, owner) in state.recurrence.evidence where owner == id {
                state.recurrence.manual.insert(item)
                if moving.contains(item) {
                    state.recurrence.evidence[item] = newID
                    moved += 1
                }
            }
            for mention in going { state.recurrence.customers[mention.id]?.id = newID }
            state.audit.append(
                AuditEvent(
                    at: now, actor: actor.name, role: actor.role, action: "customer.split", object: id,
                    after: "\(newID) mentions=\(leaving.count) evidence=\(moved)", requestID: actor.requestID,
                    sourceIP: actor.sourceIP, sequence: Int64(state.audit.count + 1)))
            return newID
        }
    }
}

extension MemoryRecurrence {
    /// Whether a customer of this id has mentions or evidence (an alias is not a customer).
    func knows(customer id: String) -> Bool {
        customers.values.contains { $0.id == id } || evidence.values.contains(id)
    }
}
