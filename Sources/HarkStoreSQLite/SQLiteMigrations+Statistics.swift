import GRDB

extension SQLiteMigrations {
    /// Indexes that answer the inbox page's aggregates without reading a mention's row: the
    /// effective complaint flag, severity and category (the correction wins) as virtual generated
    /// columns, so an index can hold them, and the brands beside them, so a brand-scoped token's
    /// counts stay inside the index too. The overdue indexes gain the brands for the same reason.
    static func v7(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE mentions ADD COLUMN effective_complaint INTEGER
                    GENERATED ALWAYS AS (COALESCE(corrected_complaint, complaint)) VIRTUAL;
                ALTER TABLE mentions ADD COLUMN effective_severity TEXT
                    GENERATED ALWAYS AS (COALESCE(corrected_severity, severity)) VIRTUAL;
                ALTER TABLE mentions ADD COLUMN effective_category TEXT
                    GENERATED ALWAYS AS (COALESCE(corrected_category, category)) VIRTUAL;
                CREATE INDEX mentions_complaints_by_day
                    ON mentions(received_at, effective_severity, effective_category, brands)
                    WHERE effective_complaint = 1;
                CREATE INDEX mentions_open_complaints ON mentions(effective_severity, brands)
                    WHERE effective_complaint = 1 AND status NOT IN ('closed', 'dismissed');
                CREATE INDEX mentions_status_brands ON mentions(status, brands);
                DROP INDEX mentions_response_due;
                DROP INDEX mentions_follow_up_due;
                CREATE INDEX mentions_response_due ON mentions(due_at, brands) WHERE status IN ('new', 'reopened');
                CREATE INDEX mentions_follow_up_due ON mentions(follow_up_at, brands) WHERE status = 'resolved';
                """)
    }
}
