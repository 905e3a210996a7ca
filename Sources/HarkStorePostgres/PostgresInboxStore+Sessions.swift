import Foundation
import HarkCore
import HarkStore
import PostgresNIO

/// Signed-in browsers, shared by every instance: any of them serves a session another made.
extension PostgresInboxStore {
    public func createSession(_ session: WebSession) async throws {
        _ = try await rows(
            "create a session",
            """
            INSERT INTO web_sessions (id_hash, token_name, token_fingerprint, csrf, created_at, expires_at)
            VALUES (\(session.idHash), \(session.tokenName), \(session.tokenFingerprint), \(session.csrf),
                \(PostgresDates.millis(session.createdAt)), \(PostgresDates.millis(session.expiresAt)))
            """)
    }

    public func session(idHash: String, at now: Date) async throws -> WebSession? {
        guard Self.isStorableText(idHash) else { return nil }
        return try await rows(
            "read a session",
            """
            SELECT id_hash, token_name, token_fingerprint, csrf, created_at, expires_at FROM web_sessions
            WHERE id_hash = \(idHash) AND expires_at > \(PostgresDates.millis(now))
            """
        ).first.map { row in
            WebSession(
                idHash: try row.text("id_hash"), tokenName: try row.text("token_name"),
                tokenFingerprint: try row.text("token_fingerprint"), csrf: try row.text("csrf"),
                createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"))
        }
    }

    public func deleteSession(idHash: String) async throws {
        _ = try await rows("delete a session", "DELETE FROM web_sessions WHERE id_hash = \(idHash)")
    }

    public func purgeSessions(expiredBefore now: Date) async throws -> Int {
        try await rows(
            "purge sessions",
            """
            WITH gone AS (DELETE FROM web_sessions WHERE expires_at <= \(PostgresDates.millis(now)) RETURNING 1)
            SELECT count(*) AS count FROM gone
            """
        ).first?.int("count") ?? 0
    }
}
