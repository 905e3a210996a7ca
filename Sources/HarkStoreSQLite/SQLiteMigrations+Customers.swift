import GRDB

extension SQLiteMigrations {
    /// Recurrence decided again, and people's say over customers.
    ///
    /// - A mention goes back on the pending list when what recurrence decided from changes: its
    ///   effective complaint or category (a correction, a reassessment) or its words (a revision).
    ///   A pending row's `version` counts such changes, so a batch decided from an older version
    ///   leaves the row pending for the next.
    /// - Evidence tied to a customer by a person (a merge or a split) is `manual` and outlives
    ///   `hark recurrence rebuild`.
    /// - A customer merged into another is an alias of it: a decision made before the merge and
    ///   written after it, and a link to the old id, both reach the customer it became.
    static func v9(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE recurrence_pending ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
                CREATE TRIGGER mentions_recurrence_reconsider AFTER UPDATE ON mentions
                WHEN old.effective_complaint IS NOT new.effective_complaint
                    OR old.effective_category IS NOT new.effective_category
                    OR old.text IS NOT new.text OR old.title IS NOT new.title OR old.subject IS NOT new.subject
                BEGIN
                    INSERT INTO recurrence_pending (mention_seq) VALUES (new.seq)
                        ON CONFLICT (mention_seq) DO UPDATE SET version = version + 1;
                END;
                ALTER TABLE customer_evidence ADD COLUMN manual INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE customer_aliases (
                    id TEXT PRIMARY KEY,
                    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE
                ) WITHOUT ROWID;
                CREATE INDEX customer_aliases_customer ON customer_aliases(customer_id);
                """)
    }
}
