import GRDB

extension SQLiteMigrations {
    /// Recurrence: customers and the evidence tying mentions to them, issues of similar
    /// complaints, and the similarity index (each fingerprinted mention under its 16 LSH band
    /// keys). New mentions wait in `recurrence_pending` until the recurrence service has seen
    /// them; mentions stored before this migration wait there too.
    static func v8(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE customers (
                    id TEXT PRIMARY KEY,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE customer_evidence (
                    kind TEXT NOT NULL,
                    value TEXT NOT NULL,
                    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                    PRIMARY KEY (kind, value)
                ) WITHOUT ROWID;
                CREATE INDEX customer_evidence_customer ON customer_evidence(customer_id);
                CREATE TABLE issues (
                    id TEXT PRIMARY KEY,
                    label TEXT NOT NULL,
                    category TEXT,
                    terms BLOB NOT NULL,
                    brands TEXT NOT NULL DEFAULT '[]',
                    first_seen_at INTEGER NOT NULL,
                    last_seen_at INTEGER NOT NULL,
                    occurrences INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE similarity_bands (
                    band_key INTEGER NOT NULL,
                    mention_seq INTEGER NOT NULL REFERENCES mentions(seq) ON DELETE CASCADE,
                    PRIMARY KEY (band_key, mention_seq)
                ) WITHOUT ROWID;
                CREATE INDEX similarity_bands_mention ON similarity_bands(mention_seq);
                ALTER TABLE mentions ADD COLUMN fingerprint BLOB;
                ALTER TABLE mentions ADD COLUMN customer_id TEXT;
                ALTER TABLE mentions ADD COLUMN customer_evidence TEXT;
                ALTER TABLE mentions ADD COLUMN issue_id TEXT;
                CREATE INDEX mentions_customer ON mentions(customer_id, received_at) WHERE customer_id IS NOT NULL;
                CREATE INDEX mentions_issue ON mentions(issue_id, received_at) WHERE issue_id IS NOT NULL;
                CREATE TABLE recurrence_pending (mention_seq INTEGER PRIMARY KEY);
                CREATE TRIGGER mentions_recurrence_insert AFTER INSERT ON mentions BEGIN
                    INSERT INTO recurrence_pending (mention_seq) VALUES (new.seq);
                END;
                CREATE TRIGGER mentions_recurrence_delete AFTER DELETE ON mentions BEGIN
                    DELETE FROM recurrence_pending WHERE mention_seq = old.seq;
                END;
                INSERT INTO recurrence_pending (mention_seq) SELECT seq FROM mentions;
                """)
    }
}
