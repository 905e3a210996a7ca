import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    public func mergeCustomer(_ from: String, into: String, by actor: ChangeActor, at now: Date) async throws {
        guard from != into else { throw HarkError(.invalidInput, "a customer cannot be merged into itself") }
        try await write("merge customers") { db in
            for id in [from, into] {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [id]) == true else {
                    throw HarkError(.notFound, "no such customer \(id)")
                }
            }
            try db.execute(
                sql: """
                    UPDATE mentions SET customer_id = :into WHERE customer_id = :from;
                    UPDATE customer_evidence SET manual = 1 WHERE customer_id = :into;
                    UPDATE customer_evidence SET customer_id = :into, manual = 1 WHERE customer_id = :from;
                    UPDATE customer_aliases SET customer_id = :into WHERE customer_id = :from;
                    DELETE FROM customers WHERE id = :from;
                    INSERT INTO customer_aliases (id, customer_id) VALUES (:from, :into)
                        ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id;
                    """,
                arguments: ["from": from, "into": into])
            var txn = SQLiteTransaction(db: db)
            try txn.insertAudit(
                AuditEvent(
                    at: now, actor: actor.name, role: actor.role, action: "customer.merge", object: into, before: from,
                    requestID: actor.requestID, sourceIP: actor.sourceIP))
        }
    }

    public func splitCustomer(_ id: String, mentions: [MentionID], by actor: ChangeActor, at now: Date) async throws -> String {
        let empty = try CustomerSplit(mentions: mentions)
        let newID = Self.splitCustomerID(from: id, mentions: mentions)
        return try await write("split a customer") { db in
            var split = empty
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [id]) == true else {
                throw HarkError(.notFound, "no such customer \(id)")
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT id, source, channel, author_name, author_address, author_handle FROM mentions WHERE customer_id = ?",
                arguments: [id])
            {
                guard let source = SourceID(row["source"]), let channel = Channel(rawValue: row["channel"]) else { continue }
                let author = Author(name: row["author_name"], address: row["author_address"], handle: row["author_handle"])
                split.add(mention: row["id"], author: author, source: source, channel: channel)
            }
            let moving = try split.movingEvidence()
            try db.execute(
                sql: "INSERT INTO customers (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                arguments: [newID, SQLiteDates.millis(now)])
            try db.execute(sql: "UPDATE customer_evidence SET manual = 1 WHERE customer_id = ?", arguments: [id])
            var moved = 0
            for evidence in moving {
                try db.execute(
                    sql: "UPDATE customer_evidence SET customer_id = ? WHERE kind = ? AND value = ? AND customer_id = ?",
                    arguments: [newID, evidence.kind.rawValue, evidence.value, id])
                moved += db.changesCount
            }
            let update = try db.cachedStatement(sql: "UPDATE mentions SET customer_id = ? WHERE id = ?")
            for mention in split.leaving { try update.execute(arguments: [newID, mention]) }
            var txn = SQLiteTransaction(db: db)
            try txn.insertAudit(
                AuditEvent(
                    at: now, actor: actor.name, role: actor.role, action: "customer.split", object: id,
                    after: "\(newID) mentions=\(split.leaving.count) evidence=\(moved)", requestID: actor.requestID,
                    sourceIP: actor.sourceIP))
            return newID
        }
    }
}
