import Foundation
import HarkCore
import HarkStore
import PostgresNIO

extension PostgresInboxStore {
    /// Claims lease `name`: the row is created when missing, then locked with `FOR UPDATE SKIP
    /// LOCKED`, so that of several instances claiming at once one decides and the others see the
    /// lease as it is (held) without waiting.
    ///
    /// Times in the table are the database server's clock: instances on machines whose clocks
    /// disagree compare expiries on one clock, so a skewed clock never lets two hold a lease at
    /// once. The caller's `now` and `expiry` give only the lease's length, and the record returned
    /// is expressed on the caller's clock (shifted by the difference between the two).
    public func claimLease(_ name: String, owner: String, until expiry: Date, at now: Date) async throws -> LeaseRecord {
        guard LeaseName.isValid(name), LeaseName.isValid(owner) else {
            throw HarkError(.invalidInput, "a lease name and owner are 1 to 200 printable characters")
        }
        let length = PostgresDates.millis(expiry) - PostgresDates.millis(now)
        return try await transaction("claim a lease") { connection in
            var nowMillis: Int64 = 0
            for try await serverNow in try await connection.query(
                "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint", logger: logger
            ).decode(Int64.self) {
                nowMillis = serverNow
            }
            let expiryMillis = nowMillis + length
            // Server times as the caller's clock would say them.
            let shift = PostgresDates.millis(now) - nowMillis
            func local(_ millis: Int64) -> Date { PostgresDates.date(millis + shift) }
            try await connection.query(
                """
                INSERT INTO leases (name, owner, acquired_at, expires_at) VALUES (\(name), \(owner), \(nowMillis), \(nowMillis))
                ON CONFLICT (name) DO NOTHING
                """, logger: logger)
            var claimed: LeaseRecord?
            for try await (holder, acquired, expires) in try await connection.query(
                "SELECT owner, acquired_at, expires_at FROM leases WHERE name = \(name) FOR UPDATE SKIP LOCKED",
                logger: logger
            ).decode((String, Int64, Int64).self) {
                let current = LeaseRecord(name: name, owner: holder, acquiredAt: local(acquired), expiresAt: local(expires))
                guard holder == owner || expires <= nowMillis else {
                    claimed = current
                    continue
                }
                let keeps = holder == owner && expires > nowMillis
                let since = keeps ? acquired : nowMillis
                try await connection.query(
                    """
                    UPDATE leases SET owner = \(owner), acquired_at = \(since), expires_at = \(expiryMillis)
                    WHERE name = \(name)
                    """, logger: logger)
                claimed = LeaseRecord(name: name, owner: owner, acquiredAt: local(since), expiresAt: local(expiryMillis))
            }
            if let claimed { return claimed }
            // Another instance is deciding right now: report the lease as it was before.
            for try await (holder, acquired, expires) in try await connection.query(
                "SELECT owner, acquired_at, expires_at FROM leases WHERE name = \(name)", logger: logger
            ).decode((String, Int64, Int64).self) {
                return LeaseRecord(name: name, owner: holder, acquiredAt: local(acquired), expiresAt: local(expires))
            }
            throw HarkError(.storage, "the lease \(name) vanished while claimed")
        }
    }

    public func releaseLease(_ name: String, owner: String) async throws {
        _ = try await rows("release a lease", "DELETE FROM leases WHERE name = \(name) AND owner = \(owner)")
    }

    public func leases() async throws -> [LeaseRecord] {
        try await rows("read leases", "SELECT name, owner, acquired_at, expires_at FROM leases ORDER BY name").map { row in
            LeaseRecord(
                name: try row.text("name"), owner: try row.text("owner"), acquiredAt: try row.date("acquired_at"),
                expiresAt: try row.date("expires_at"))
        }
    }
}
