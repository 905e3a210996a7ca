import Foundation
import HarkCore
import HarkStore
import Logging
import PostgresNIO

extension PostgresInboxStore {
    public func mergeCustomer(_ from: String, into: String, by actor: ChangeActor, at now: Date) async throws {
        guard from != into else { throw HarkError(.invalidInput, "a customer cannot be merged into itself") }
        for id in [from, into] where !Self.isStorableText(id) { throw HarkError(.notFound, "no such customer") }
        try await transaction("merge customers") { connection in
            // Locked: two merges of the same customers at once take turns.
            var known: Set<String> = []
            for try await id in try await connection.query(
                "SELECT id FROM customers WHERE id = ANY(\([from, into])) ORDER BY id FOR UPDATE", logger: logger
            ).decode(String.self) {
                known.insert(id)
            }
            for id in [from, into] where !known.contains(id) {
                throw HarkError(.notFound, "no such customer \(id)")
            }
            for statement: PostgresQuery in [
                "UPDATE mentions SET customer_id = \(into) WHERE customer_id = \(from)",
                // Evidence a person has moved outlives a rebuild of recurrence.
                "UPDATE customer_evidence SET manual = true WHERE customer_id = \(into)",
                "UPDATE customer_evidence SET customer_id = \(into), manual = true WHERE customer_id = \(from)",
                "UPDATE customer_aliases SET customer_id = \(into) WHERE customer_id = \(from)",
                "DELETE FROM customers WHERE id = \(from)",
                """
                INSERT INTO customer_aliases (id, customer_id) VALUES (\(from), \(into))
                ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id
                """,
            ] {
                try await connection.query(statement, logger: logger)
            }
            try await PostgresTransaction.insertAudit(
                [
                    AuditEvent(
                        at: now, actor: actor.name, role: actor.role, action: "customer.merge", object: into, before: from,
                        requestID: actor.requestID, sourceIP: actor.sourceIP)
                ], on: connection, logger: logger)
        }
    }

    public func splitCustomer(_ id: String, mentions: [MentionID], by actor: ChangeActor, at now: Date) async throws -> String {
        let empty = try CustomerSplit(mentions: mentions)
        guard Self.isStorableText(id) else { throw HarkError(.notFound, "no such customer") }
        let newID = Self.splitCustomerID(from: id, mentions: mentions)
        return try await transaction("split a customer") { connection in
            guard
                try await connection.query("SELECT id FROM customers WHERE id = \(id) FOR UPDATE", logger: logger)
                    .collect().isEmpty == false
            else {
                throw HarkError(.notFound, "no such customer \(id)")
            }
            var split = empty
            for try await (mention, source, channel, name, address, handle) in try await connection.query(
                """
                SELECT id, source, channel, author_name, author_address, author_handle FROM mentions
                WHERE customer_id = \(id) FOR UPDATE
                """, logger: logger
            ).decode((String, String, String, String?, String?, String?).self) {
                guard let source = SourceID(source), let channel = Channel(rawValue: channel) else { continue }
                split.add(mention: mention, author: Author(name: name, address: address, handle: handle), source: source, channel: channel)
            }
            let moving = Array(try split.movingEvidence())
            try await connection.query(
                "INSERT INTO customers (id, created_at) VALUES (\(newID), \(PostgresDates.millis(now))) ON CONFLICT DO NOTHING",
                logger: logger)
            try await connection.query("UPDATE customer_evidence SET manual = true WHERE customer_id = \(id)", logger: logger)
            // Only the evidence the remaining mentions do not carry too moves.
            var moved = 0
            if !moving.isEmpty {
                moved = try await connection.query(
                    """
                    UPDATE customer_evidence SET customer_id = \(newID)
                    FROM unnest(\(moving.map(\.kind.rawValue))::text[], \(moving.map(\.value))::text[]) AS q(kind, value)
                    WHERE customer_evidence.kind = q.kind AND customer_evidence.value = q.value
                        AND customer_evidence.customer_id = \(id)
                    RETURNING 1
                    """, logger: logger
                ).collect().count
            }
            try await connection.query(
                "UPDATE mentions SET customer_id = \(newID) WHERE id = ANY(\(Array(split.leaving)))", logger: logger)
            try await PostgresTransaction.insertAudit(
                [
                    AuditEvent(
                        at: now, actor: actor.name, role: actor.role, action: "customer.split", object: id,
                        after: "\(newID) mentions=\(split.leaving.count) evidence=\(moved)", requestID: actor.requestID,
                        sourceIP: actor.sourceIP)
                ], on: connection, logger: logger)
            return newID
        }
    }

    /// Erasure's part in recurrence, in `erase`'s transaction: the person's evidence goes too (the
    /// address or handle is personal data), and a customer of theirs left without mentions goes
    /// with all their evidence (and aliases, by cascade).
    static func eraseEvidence(
        _ subject: ErasureSubject, customers: [String], on connection: PostgresConnection, logger: Logger
    ) async throws {
        let evidence = CustomerEvidence.erased(by: subject)
        if isStorableText(evidence.value) {
            try await connection.query(
                "DELETE FROM customer_evidence WHERE kind = \(evidence.kind.rawValue) AND value = \(evidence.value)",
                logger: logger)
        }
        guard !customers.isEmpty else { return }
        try await connection.query(
            """
            DELETE FROM customers
            WHERE id = ANY(\(customers)) AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.customer_id = customers.id)
            """, logger: logger)
    }
}
