import GRDB

extension SQLiteMigrations {
    /// Leases: which instance polls a source or does a shared job, until when. One daemon holds
    /// them all on SQLite; the table lets `hark sources` say so, as it does on PostgreSQL.
    static func v10(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE leases (
                    name TEXT PRIMARY KEY,
                    owner TEXT NOT NULL,
                    acquired_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}
