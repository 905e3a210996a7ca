import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    public func createSession(_ session: WebSession) async throws {
        do {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO web_sessions (id_hash, token_name, token_fingerprint, csrf, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        session.idHash, session.tokenName, session.tokenFingerprint, session.csrf, SQLiteDates.millis(session.createdAt),
                        SQLiteDates.millis(session.expiresAt),
                    ])
            }
        } catch {
            throw Self.classify(error, doing: "create a session")
        }
    }

    public func session(idHash: String, at now: Date) async throws -> WebSession? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM web_sessions WHERE id_hash = ? AND expires_at > ?",
                arguments: [idHash, SQLiteDates.millis(now)]
            ).map { row in
                WebSession(
                    idHash: row["id_hash"], tokenName: row["token_name"], tokenFingerprint: row["token_fingerprint"],
                    csrf: row["csrf"],
                    createdAt: SQLiteDates.date(row["created_at"]), expiresAt: SQLiteDates.date(row["expires_at"]))
            }
        }
    }

    public func deleteSession(idHash: String) async throws {
        do {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM web_sessions WHERE id_hash = ?", arguments: [idHash])
            }
        } catch {
            throw Self.classify(error, doing: "delete a session")
        }
    }

    public func purgeSessions(expiredBefore now: Date) async throws -> Int {
        do {
            return try await pool.write { db in
                try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at <= ?", arguments: [SQLiteDates.millis(now)])
                return db.changesCount
            }
        } catch {
            throw Self.classify(error, doing: "purge sessions")
        }
    }
}
