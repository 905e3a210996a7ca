import Foundation
import GRDB
import HarkCore
import HarkStore

extension SQLiteInboxStore {
    public func claimLease(_ name: String, owner: String, until expiry: Date, at now: Date) async throws -> LeaseRecord {
        guard LeaseName.isValid(name), LeaseName.isValid(owner) else {
            throw HarkError(.invalidInput, "a lease name and owner are 1 to 200 printable characters")
        }
        return try await write("claim a lease") { db in
            // One statement: taken when free, lapsed or already the owner's; a renewal keeps acquired_at.
            try db.execute(
                sql: """
                    INSERT INTO leases (name, owner, acquired_at, expires_at) VALUES (:name, :owner, :now, :expiry)
                    ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
                        acquired_at = CASE WHEN leases.owner = excluded.owner AND leases.expires_at > :now
                            THEN leases.acquired_at ELSE excluded.acquired_at END
                    WHERE leases.owner = excluded.owner OR leases.expires_at <= :now
                    """,
                arguments: [
                    "name": name, "owner": owner, "now": SQLiteDates.millis(now), "expiry": SQLiteDates.millis(expiry),
                ])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM leases WHERE name = ?", arguments: [name])
            guard let row else { throw HarkError(.storage, "the lease \(name) vanished while claimed") }
            return Self.lease(from: row)
        }
    }

    public func releaseLease(_ name: String, owner: String) async throws {
        try await write("release a lease") { db in
            try db.execute(sql: "DELETE FROM leases WHERE name = ? AND owner = ?", arguments: [name, owner])
        }
    }

    public func leases() async throws -> [LeaseRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM leases ORDER BY name").map(Self.lease(from:))
        }
    }

    static func lease(from row: Row) -> LeaseRecord {
        LeaseRecord(
            name: row["name"], owner: row["owner"], acquiredAt: SQLiteDates.date(row["acquired_at"]),
            expiresAt: SQLiteDates.date(row["expires_at"]))
    }
}
