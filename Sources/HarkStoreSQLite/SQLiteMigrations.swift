import GRDB

/// The schema, as numbered migrations. A shipped migration is never edited: add a new one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001-inbox", migrate: v1)
        migrator.registerMigration("0002-source-health", migrate: v2)
        migrator.registerMigration("0003-mention-places", migrate: v3)
        migrator.registerMigration("0004-workflow", migrate: v4)
        migrator.registerMigration("0005-web-sessions", migrate: v5)
        migrator.registerMigration("0006-outbox", migrate: v6)
        migrator.registerMigration("0007-statistics", migrate: v7)
        migrator.registerMigration("0008-recurrence", migrate: v8)
        migrator.registerMigration("0009-customer-links", migrate: v9)
        migrator.registerMigration("0010-leases", migrate: v10)
        return migrator
    }

    /// The notifier's durable outbox: alerts, hand-offs and acknowledgement mails until delivered.
    /// A message goes with its mention when the mention is erased. Also closes a gap in the audit
    /// log's append-only triggers: `INSERT OR REPLACE` with an existing `seq` replaced a row without
    /// firing the delete trigger; an insert may no longer name a `seq` already taken.
    private static func v6(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TRIGGER audit_log_append_only_replace BEFORE INSERT ON audit_log
                WHEN NEW.seq IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

                CREATE TABLE outbox (
                    id TEXT PRIMARY KEY,
                    target TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    mention_id TEXT REFERENCES mentions(id) ON DELETE CASCADE,
                    payload BLOB NOT NULL,
                    recipient TEXT,
                    created_at INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NOT NULL,
                    delivered_at INTEGER,
                    failed_at INTEGER,
                    last_error TEXT
                ) WITHOUT ROWID;
                CREATE INDEX outbox_pending ON outbox(next_attempt_at)
                    WHERE delivered_at IS NULL AND failed_at IS NULL;
                CREATE INDEX outbox_mention ON outbox(mention_id) WHERE mention_id IS NOT NULL;
                """)
    }

    /// Browser sessions of the web page, shared by every instance on one store.
    private static func v5(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE web_sessions (
                    id_hash TEXT PRIMARY KEY,
                    token_name TEXT NOT NULL,
                    token_fingerprint TEXT NOT NULL,
                    csrf TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);
                """)
    }

    /// The complaint workflow: a person's correction kept beside the assessment, the service-level
    /// clock, notes. The effective severity and category (the correction wins) are what lists filter
    /// on, through expression indexes.
    private static func v4(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE mentions ADD COLUMN corrected_complaint INTEGER;
                ALTER TABLE mentions ADD COLUMN corrected_severity TEXT;
                ALTER TABLE mentions ADD COLUMN corrected_category TEXT;
                ALTER TABLE mentions ADD COLUMN corrected_by TEXT;
                ALTER TABLE mentions ADD COLUMN corrected_at INTEGER;
                ALTER TABLE mentions ADD COLUMN due_at INTEGER;
                ALTER TABLE mentions ADD COLUMN response_kind TEXT;
                ALTER TABLE mentions ADD COLUMN clock_started_at INTEGER;
                ALTER TABLE mentions ADD COLUMN responded_at INTEGER;
                ALTER TABLE mentions ADD COLUMN resolved_at INTEGER;
                ALTER TABLE mentions ADD COLUMN follow_up_at INTEGER;
                ALTER TABLE mentions ADD COLUMN notes_count INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX mentions_effective_severity ON mentions(COALESCE(corrected_severity, severity), id);
                CREATE INDEX mentions_effective_category ON mentions(COALESCE(corrected_category, category), id);
                CREATE INDEX mentions_response_due ON mentions(due_at) WHERE status IN ('new', 'reopened');
                CREATE INDEX mentions_follow_up_due ON mentions(follow_up_at) WHERE status = 'resolved';
                CREATE INDEX mentions_assignee ON mentions(assignee, id) WHERE assignee IS NOT NULL;

                CREATE TABLE mention_notes (
                    id TEXT PRIMARY KEY,
                    mention_id TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
                    author TEXT NOT NULL,
                    text TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX mention_notes_mention ON mention_notes(mention_id, at);
                CREATE INDEX audit_log_object ON audit_log(object, seq) WHERE object IS NOT NULL;
                """)
    }

    /// Where within a source a mention was seen (mail folders): one mention, several places.
    private static func v3(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE mention_places (
                    mention_id TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
                    source TEXT NOT NULL,
                    place TEXT NOT NULL,
                    first_seen_at INTEGER NOT NULL,
                    PRIMARY KEY (mention_id, source, place)
                ) WITHOUT ROWID;
                """)
    }

    /// What people need to see about polled sources: the next poll, a feed that is gone or has
    /// moved, and events such as feed gaps. A row for a source never polled has version 0.
    private static func v2(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE source_state ADD COLUMN kind TEXT;
                ALTER TABLE source_state ADD COLUMN next_poll_at INTEGER;
                ALTER TABLE source_state ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE source_state ADD COLUMN moved_to TEXT;

                CREATE TABLE source_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    source TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    details TEXT NOT NULL DEFAULT '{}'
                );
                CREATE INDEX source_events_by_source ON source_events (source, seq);
                """)
    }

    private static func v1(_ db: Database) throws {
        try db.execute(
            sql: """
                -- seq is the stable rowid the search index refers to (VACUUM keeps an INTEGER
                -- PRIMARY KEY); id is the public UUIDv7.
                CREATE TABLE mentions (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    external_id TEXT,
                    received_at INTEGER NOT NULL,
                    published_at INTEGER,
                    author_name TEXT,
                    author_address TEXT,
                    author_handle TEXT,
                    subject TEXT,
                    title TEXT,
                    text TEXT NOT NULL,
                    link TEXT,
                    content_digest TEXT NOT NULL,
                    language TEXT,
                    complaint INTEGER,
                    severity TEXT,
                    category TEXT,
                    brands TEXT NOT NULL DEFAULT '[]',
                    cues TEXT NOT NULL DEFAULT '[]',
                    status TEXT NOT NULL DEFAULT 'new',
                    assignee TEXT,
                    flags TEXT NOT NULL DEFAULT '[]',
                    revisions INTEGER NOT NULL DEFAULT 0,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX mentions_source ON mentions(source, id);
                CREATE INDEX mentions_status ON mentions(status, id);
                CREATE INDEX mentions_received ON mentions(received_at);
                CREATE INDEX mentions_author_address ON mentions(author_address) WHERE author_address IS NOT NULL;
                CREATE INDEX mentions_author_handle ON mentions(author_handle) WHERE author_handle IS NOT NULL;

                CREATE TABLE mention_revisions (
                    mention_id TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
                    revision INTEGER NOT NULL,
                    captured_at INTEGER NOT NULL,
                    subject TEXT,
                    title TEXT,
                    text TEXT NOT NULL,
                    link TEXT,
                    author_name TEXT,
                    author_address TEXT,
                    author_handle TEXT,
                    PRIMARY KEY (mention_id, revision)
                );

                CREATE TABLE raw_inputs (
                    mention_id TEXT PRIMARY KEY NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
                    received_at INTEGER NOT NULL,
                    content_type TEXT,
                    bytes BLOB NOT NULL
                );
                CREATE INDEX raw_inputs_received ON raw_inputs(received_at);

                -- Dedup keys are SHA-256 hashes and are kept for ever, also after an erasure:
                -- no foreign key to mentions on purpose.
                CREATE TABLE mention_keys (
                    key_hash BLOB PRIMARY KEY NOT NULL,
                    source TEXT NOT NULL,
                    mention_id TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE delivery_keys (
                    key_hash BLOB PRIMARY KEY NOT NULL,
                    source TEXT NOT NULL,
                    body_digest BLOB NOT NULL,
                    mention_id TEXT,
                    quarantine_id TEXT,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE quarantine (
                    id TEXT PRIMARY KEY NOT NULL,
                    source TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'open',
                    body_digest TEXT NOT NULL,
                    content_type TEXT,
                    bytes BLOB NOT NULL,
                    metadata TEXT NOT NULL DEFAULT '{}',
                    mention_id TEXT
                );
                CREATE INDEX quarantine_source ON quarantine(source, id);

                CREATE TABLE source_state (
                    source TEXT PRIMARY KEY NOT NULL,
                    version INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    updated_at INTEGER NOT NULL,
                    last_success_at INTEGER,
                    last_error TEXT,
                    last_error_at INTEGER,
                    error_streak INTEGER NOT NULL DEFAULT 0,
                    items_ingested INTEGER NOT NULL DEFAULT 0
                );

                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    role TEXT,
                    action TEXT NOT NULL,
                    object TEXT,
                    before TEXT,
                    after TEXT,
                    request_id TEXT,
                    source_ip TEXT,
                    outcome TEXT NOT NULL
                );
                CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

                CREATE VIRTUAL TABLE mentions_fts USING fts5(
                    subject, title, text, content='mentions', content_rowid='seq',
                    tokenize='unicode61 remove_diacritics 2'
                );
                -- The search index is filled after the ingest commit, in batches (SearchIndexer): the
                -- ingest transaction only notes the new row here. Deletes and edits keep the index
                -- right whether or not the row was indexed yet.
                CREATE TABLE fts_pending (mention_rowid INTEGER PRIMARY KEY);
                CREATE TRIGGER mentions_fts_insert AFTER INSERT ON mentions BEGIN
                    INSERT INTO fts_pending (mention_rowid) VALUES (new.rowid);
                END;
                CREATE TRIGGER mentions_fts_delete AFTER DELETE ON mentions BEGIN
                    INSERT INTO mentions_fts(mentions_fts, rowid, subject, title, text)
                    SELECT 'delete', old.rowid, old.subject, old.title, old.text
                    WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE mention_rowid = old.rowid);
                    DELETE FROM fts_pending WHERE mention_rowid = old.rowid;
                END;
                CREATE TRIGGER mentions_fts_update AFTER UPDATE OF subject, title, text ON mentions
                WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE mention_rowid = new.rowid) BEGIN
                    INSERT INTO mentions_fts(mentions_fts, rowid, subject, title, text)
                    VALUES ('delete', old.rowid, old.subject, old.title, old.text);
                    INSERT INTO mentions_fts(rowid, subject, title, text)
                    VALUES (new.rowid, new.subject, new.title, new.text);
                END;
                """)
    }
}
