import Foundation
import HarkCore

/// One record of the append-only audit log.
///
/// Every state change in the inbox and every authentication failure leaves one. Fields never hold
/// secrets; free text is escaped (no CR, LF or ANSI escapes) before it is stored.
public struct AuditEvent: Sendable, Hashable, Codable {
    public var sequence: Int64?
    public var at: Date
    public var actor: String
    public var role: String?
    public var action: String
    public var object: String?
    public var before: String?
    public var after: String?
    public var requestID: String?
    public var sourceIP: String?
    /// `ok`, `denied`, `failed`, ...
    public var outcome: String

    public init(
        at: Date, actor: String, role: String? = nil, action: String, object: String? = nil, before: String? = nil,
        after: String? = nil, requestID: String? = nil, sourceIP: String? = nil, outcome: String = "ok",
        sequence: Int64? = nil
    ) {
        self.sequence = sequence
        self.at = at
        self.actor = Self.clean(actor) ?? "unknown"
        self.role = role.flatMap(Self.clean)
        self.action = Self.clean(action) ?? "unknown"
        self.object = object.flatMap(Self.clean)
        self.before = before.flatMap(Self.clean)
        self.after = after.flatMap(Self.clean)
        self.requestID = requestID.flatMap(Self.clean)
        self.sourceIP = sourceIP.flatMap(Self.clean)
        self.outcome = Self.clean(outcome) ?? "unknown"
    }

    private static func clean(_ value: String) -> String? {
        let escaped = TextCleanup.escapedForLog(String(value.prefix(4096)))
        return escaped.isEmpty ? nil : escaped
    }
}
