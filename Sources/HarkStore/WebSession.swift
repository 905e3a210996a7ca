import Foundation
import HarkCore

/// A signed-in browser: kept in the store so that any instance serves it, found by the SHA-256 of
/// its cookie value (the value itself is never stored).
public struct WebSession: Sendable, Hashable {
    /// Hex SHA-256 of the session cookie's value.
    public var idHash: String
    /// The configured token the person signed in with (its name, never the token).
    public var tokenName: String
    /// A fingerprint of that token's digest: a rotated token ends its sessions.
    public var tokenFingerprint: String
    /// The form token every state-changing form must echo (CSRF).
    public var csrf: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(
        idHash: String, tokenName: String, tokenFingerprint: String, csrf: String, createdAt: Date, expiresAt: Date
    ) {
        self.idHash = idHash
        self.tokenName = TextCleanup.line(tokenName)
        self.tokenFingerprint = TextCleanup.line(tokenFingerprint)
        self.csrf = TextCleanup.line(csrf)
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Where sessions are kept.
public protocol WebSessionStore: Sendable {
    func createSession(_ session: WebSession) async throws
    /// The session, when it exists and has not expired at `now`.
    func session(idHash: String, at now: Date) async throws -> WebSession?
    func deleteSession(idHash: String) async throws
    /// Deletes expired sessions; returns how many.
    func purgeSessions(expiredBefore now: Date) async throws -> Int
}
