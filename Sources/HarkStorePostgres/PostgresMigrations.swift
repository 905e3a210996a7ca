import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema, as numbered migrations of its own. A shipped migration is never
/// edited: add a new one.
///
/// Times are whole milliseconds since 1970 (`bigint`), as in the SQLite store, so days and
/// windows are counted the same way by both and `hark migrate` copies values unchanged. Dedup
/// keys are 32-byte SHA-256 digests, kept for ever (no foreign key to the mentions).
enum PostgresMigrations {
    static let all: [(name: String, sql: String)] = [
        ("0001-inbox", inbox),
        ("0002-workflow-recurrence", workflowAndRecurrence),
        ("0003-bounded-search", boundedSearch),
    ]

    /// Applies what is missing, under an advisory lock so that instances starting together take
    /// turns; each migration commits with its record.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(7361626) AS locked", logger: logger)
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS hark_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                    logger: logger)
                var applied: Set<String> = []
                for try await name in try await connection.query("SELECT name FROM hark_migrations", logger: logger)
                    .decode(String.self)
                {
                    applied.insert(name)
                }
                for migration in all where !applied.contains(migration.name) {
                    logger.notice("migrating the PostgreSQL store", metadata: ["hark.migration": "\(migration.name)"])
                    for statement in statements(of: migration.sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO hark_migrations (name) VALUES (\(migration.name))", logger: logger)
                }
            }
        }
    }

    /// The statements of a migration, one by one (the extended protocol takes one at a time):
    /// split at semicolons that end a line, outside `$$` function bodies; comments dropped.
    static func statements(of sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !inBody, trimmed.hasPrefix("--") { continue }
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, trimmed.hasSuffix(";") {
                statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }

    private static let inbox = """
        -- The search configuration of a mention's language: stems in its own language, and every
        -- word as it is ('simple') so that a search in another language still finds it.
        CREATE FUNCTION hark_search_config(language text) RETURNS regconfig
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE language
                WHEN 'en' THEN 'english'::regconfig WHEN 'da' THEN 'danish'::regconfig
                WHEN 'no' THEN 'norwegian'::regconfig WHEN 'sv' THEN 'swedish'::regconfig
                ELSE 'simple'::regconfig END
        $$;
        CREATE FUNCTION hark_search_vector(language text, subject text, title text, body text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT to_tsvector(hark_search_config(language), concat_ws(' ', subject, title, body))
                || to_tsvector('simple'::regconfig, concat_ws(' ', subject, title, body))
        $$;

        -- seq orders the recurrence work and the similarity index; id is the public UUIDv7.
        CREATE TABLE mentions (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text NOT NULL UNIQUE,
            source text NOT NULL,
            channel text NOT NULL,
            external_id text,
            received_at bigint NOT NULL,
            published_at bigint,
            author_name text,
            author_address text,
            author_handle text,
            subject text,
            title text,
            text text NOT NULL,
            link text,
            content_digest text NOT NULL,
            language text,
            complaint boolean,
            severity text,
            category text,
            brands text[] NOT NULL DEFAULT '{}',
            cues text[] NOT NULL DEFAULT '{}',
            status text NOT NULL DEFAULT 'new',
            assignee text,
            flags text[] NOT NULL DEFAULT '{}',
            revisions integer NOT NULL DEFAULT 0,
            updated_at bigint NOT NULL,
            search tsvector GENERATED ALWAYS AS (hark_search_vector(language, subject, title, text)) STORED
        );
        CREATE INDEX mentions_source ON mentions (source, id);
        CREATE INDEX mentions_status ON mentions (status, id);
        CREATE INDEX mentions_received ON mentions (received_at);
        CREATE INDEX mentions_author_address ON mentions (author_address) WHERE author_address IS NOT NULL;
        CREATE INDEX mentions_author_handle ON mentions (author_handle) WHERE author_handle IS NOT NULL;
        CREATE INDEX mentions_brands ON mentions USING gin (brands);
        CREATE INDEX mentions_search ON mentions USING gin (search);

        CREATE TABLE mention_revisions (
            mention_id text NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
            revision integer NOT NULL,
            captured_at bigint NOT NULL,
            subject text,
            title text,
            text text NOT NULL,
            link text,
            author_name text,
            author_address text,
            author_handle text,
            PRIMARY KEY (mention_id, revision)
        );
        CREATE INDEX mention_revisions_author_address ON mention_revisions (author_address)
            WHERE author_address IS NOT NULL;
        CREATE INDEX mention_revisions_author_handle ON mention_revisions (author_handle)
            WHERE author_handle IS NOT NULL;

        CREATE TABLE raw_inputs (
            mention_id text PRIMARY KEY REFERENCES mentions (id) ON DELETE CASCADE,
            received_at bigint NOT NULL,
            content_type text,
            bytes bytea NOT NULL
        );
        CREATE INDEX raw_inputs_received ON raw_inputs (received_at);

        CREATE TABLE mention_keys (
            key_hash bytea PRIMARY KEY,
            source text NOT NULL,
            mention_id text NOT NULL,
            created_at bigint NOT NULL
        );

        CREATE TABLE delivery_keys (
            key_hash bytea PRIMARY KEY,
            source text NOT NULL,
            body_digest bytea NOT NULL,
            mention_id text,
            quarantine_id text,
            created_at bigint NOT NULL
        );
        CREATE INDEX delivery_keys_quarantine ON delivery_keys (quarantine_id) WHERE quarantine_id IS NOT NULL;

        CREATE TABLE mention_places (
            mention_id text NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
            source text NOT NULL,
            place text NOT NULL,
            first_seen_at bigint NOT NULL,
            PRIMARY KEY (mention_id, source, place)
        );

        CREATE TABLE quarantine (
            id text PRIMARY KEY,
            source text NOT NULL,
            channel text NOT NULL,
            received_at bigint NOT NULL,
            reason text NOT NULL,
            detail text NOT NULL,
            status text NOT NULL DEFAULT 'open',
            body_digest text NOT NULL,
            content_type text,
            bytes bytea NOT NULL,
            metadata jsonb NOT NULL DEFAULT '{}',
            mention_id text
        );
        CREATE INDEX quarantine_source ON quarantine (source, id);

        CREATE TABLE source_state (
            source text PRIMARY KEY,
            version integer NOT NULL,
            payload bytea NOT NULL,
            updated_at bigint NOT NULL,
            kind text,
            last_success_at bigint,
            last_error text,
            last_error_at bigint,
            error_streak integer NOT NULL DEFAULT 0,
            items_ingested bigint NOT NULL DEFAULT 0,
            next_poll_at bigint,
            gone boolean NOT NULL DEFAULT false,
            moved_to text
        );
        CREATE TABLE source_events (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source text NOT NULL,
            at bigint NOT NULL,
            kind text NOT NULL,
            details jsonb NOT NULL DEFAULT '{}'
        );
        CREATE INDEX source_events_by_source ON source_events (source, seq);

        -- Append-only: updates, deletes and truncation are refused (SQLSTATE HK001).
        CREATE TABLE audit_log (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at bigint NOT NULL,
            actor text NOT NULL,
            role text,
            action text NOT NULL,
            object text,
            before text,
            after text,
            request_id text,
            source_ip text,
            outcome text NOT NULL
        );
        CREATE INDEX audit_log_object ON audit_log (object, seq) WHERE object IS NOT NULL;
        CREATE FUNCTION hark_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'HK001';
        END
        $$;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION hark_audit_append_only();
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION hark_audit_append_only();

        CREATE TABLE web_sessions (
            id_hash text PRIMARY KEY,
            token_name text NOT NULL,
            token_fingerprint text NOT NULL,
            csrf text NOT NULL,
            created_at bigint NOT NULL,
            expires_at bigint NOT NULL
        );
        CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

        CREATE TABLE leases (
            name text PRIMARY KEY,
            owner text NOT NULL,
            acquired_at bigint NOT NULL,
            expires_at bigint NOT NULL
        );
        """

    private static let workflowAndRecurrence = """
        -- The complaint workflow: a person's correction beside the assessment (the correction wins
        -- in lists and counts, through the effective_* columns), the service-level clock, notes.
        ALTER TABLE mentions
            ADD COLUMN corrected_complaint boolean,
            ADD COLUMN corrected_severity text,
            ADD COLUMN corrected_category text,
            ADD COLUMN corrected_by text,
            ADD COLUMN corrected_at bigint,
            ADD COLUMN due_at bigint,
            ADD COLUMN response_kind text,
            ADD COLUMN clock_started_at bigint,
            ADD COLUMN responded_at bigint,
            ADD COLUMN resolved_at bigint,
            ADD COLUMN follow_up_at bigint,
            ADD COLUMN notes_count integer NOT NULL DEFAULT 0,
            ADD COLUMN fingerprint bytea,
            ADD COLUMN customer_id text,
            ADD COLUMN customer_evidence text,
            ADD COLUMN issue_id text;
        ALTER TABLE mentions
            ADD COLUMN effective_complaint boolean GENERATED ALWAYS AS (COALESCE(corrected_complaint, complaint)) STORED,
            ADD COLUMN effective_severity text GENERATED ALWAYS AS (COALESCE(corrected_severity, severity)) STORED,
            ADD COLUMN effective_category text GENERATED ALWAYS AS (COALESCE(corrected_category, category)) STORED;
        CREATE INDEX mentions_effective_severity ON mentions (effective_severity, id);
        CREATE INDEX mentions_effective_category ON mentions (effective_category, id);
        CREATE INDEX mentions_complaints_by_day ON mentions (received_at, effective_severity, effective_category)
            WHERE effective_complaint;
        CREATE INDEX mentions_open_complaints ON mentions (effective_severity)
            WHERE effective_complaint AND status NOT IN ('closed', 'dismissed');
        CREATE INDEX mentions_response_due ON mentions (due_at) WHERE status IN ('new', 'reopened');
        CREATE INDEX mentions_follow_up_due ON mentions (follow_up_at) WHERE status = 'resolved';
        CREATE INDEX mentions_assignee ON mentions (assignee, id) WHERE assignee IS NOT NULL;
        CREATE INDEX mentions_customer ON mentions (customer_id, received_at) WHERE customer_id IS NOT NULL;
        CREATE INDEX mentions_issue ON mentions (issue_id, received_at) WHERE issue_id IS NOT NULL;

        CREATE TABLE mention_notes (
            id text PRIMARY KEY,
            mention_id text NOT NULL REFERENCES mentions (id) ON DELETE CASCADE,
            author text NOT NULL,
            text text NOT NULL,
            at bigint NOT NULL
        );
        CREATE INDEX mention_notes_mention ON mention_notes (mention_id, at);

        -- The notifier's durable outbox; a message goes with its mention when that is erased.
        CREATE TABLE outbox (
            id text PRIMARY KEY,
            target text NOT NULL,
            kind text NOT NULL,
            mention_id text REFERENCES mentions (id) ON DELETE CASCADE,
            payload bytea NOT NULL,
            recipient text,
            created_at bigint NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at bigint NOT NULL,
            delivered_at bigint,
            failed_at bigint,
            last_error text
        );
        CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
        CREATE INDEX outbox_mention ON outbox (mention_id) WHERE mention_id IS NOT NULL;

        -- Recurrence: customers and the evidence tying mentions to them (manual evidence outlives
        -- a rebuild), aliases of merged customers, issues, and the similarity index.
        CREATE TABLE customers (
            id text PRIMARY KEY,
            created_at bigint NOT NULL
        );
        CREATE TABLE customer_evidence (
            kind text NOT NULL,
            value text NOT NULL,
            customer_id text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
            manual boolean NOT NULL DEFAULT false,
            PRIMARY KEY (kind, value)
        );
        CREATE INDEX customer_evidence_customer ON customer_evidence (customer_id);
        CREATE TABLE customer_aliases (
            id text PRIMARY KEY,
            customer_id text NOT NULL REFERENCES customers (id) ON DELETE CASCADE
        );
        CREATE INDEX customer_aliases_customer ON customer_aliases (customer_id);
        CREATE TABLE issues (
            id text PRIMARY KEY,
            label text NOT NULL,
            category text,
            terms bytea NOT NULL,
            brands text[] NOT NULL DEFAULT '{}',
            first_seen_at bigint NOT NULL,
            last_seen_at bigint NOT NULL,
            occurrences integer NOT NULL
        );
        CREATE INDEX issues_last_seen ON issues (last_seen_at);
        CREATE TABLE similarity_bands (
            band_key bigint NOT NULL,
            mention_seq bigint NOT NULL REFERENCES mentions (seq) ON DELETE CASCADE,
            PRIMARY KEY (band_key, mention_seq)
        );
        CREATE INDEX similarity_bands_mention ON similarity_bands (mention_seq);

        -- Mentions wait here until recurrence has decided them; a change to what it decides from
        -- (the effective complaint or category, the words) puts a mention back, with a new version
        -- so that a batch decided from the older one leaves it pending.
        CREATE TABLE recurrence_pending (
            mention_seq bigint PRIMARY KEY REFERENCES mentions (seq) ON DELETE CASCADE,
            version integer NOT NULL DEFAULT 0
        );
        CREATE FUNCTION hark_recurrence_pending() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO recurrence_pending (mention_seq) VALUES (NEW.seq);
            ELSIF OLD.effective_complaint IS DISTINCT FROM NEW.effective_complaint
                OR OLD.effective_category IS DISTINCT FROM NEW.effective_category
                OR OLD.text IS DISTINCT FROM NEW.text OR OLD.title IS DISTINCT FROM NEW.title
                OR OLD.subject IS DISTINCT FROM NEW.subject THEN
                INSERT INTO recurrence_pending (mention_seq) VALUES (NEW.seq)
                    ON CONFLICT (mention_seq) DO UPDATE SET version = recurrence_pending.version + 1;
            END IF;
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER mentions_recurrence_pending AFTER INSERT OR UPDATE ON mentions
            FOR EACH ROW EXECUTE FUNCTION hark_recurrence_pending();
        """

    /// A tsvector holds at most 1 MiB, so a long text of distinct words (a pasted log, a hostile
    /// body) failed its insert, and with it every mention committed alongside. Search now covers
    /// the first 100,000 characters of subject, title and text (at most about 0.6 MiB of vector).
    private static let boundedSearch = """
        CREATE OR REPLACE FUNCTION hark_search_vector(language text, subject text, title text, body text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT to_tsvector(hark_search_config(language), left(concat_ws(' ', subject, title, body), 100000))
                || to_tsvector('simple'::regconfig, left(concat_ws(' ', subject, title, body), 100000))
        $$;
        """
}
