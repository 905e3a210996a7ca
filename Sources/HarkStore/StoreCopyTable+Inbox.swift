import Foundation

extension StoreCopyTable {
    /// The inbox's tables in the order they are copied: a table after the tables it refers to.
    ///
    /// Left out: the generated columns (`effective_*`, PostgreSQL's `search`), SQLite's full-text
    /// index and its queue (`mentions_fts*`, `fts_pending`, rebuilt by each store) and each
    /// store's migration records.
    public static let inbox: [StoreCopyTable] = [
        mentions,
        StoreCopyTable(
            "mention_revisions", key: ["mention_id", "revision"],
            columns: [
                .init("mention_id", .text), .init("revision", .integer), .init("captured_at", .integer),
                .init("subject", .text), .init("title", .text), .init("text", .text), .init("link", .text),
                .init("author_name", .text), .init("author_address", .text), .init("author_handle", .text),
            ]),
        StoreCopyTable(
            "raw_inputs", key: ["mention_id"],
            columns: [
                .init("mention_id", .text), .init("received_at", .integer), .init("content_type", .text),
                .init("bytes", .blob),
            ]),
        StoreCopyTable(
            "mention_keys", key: ["key_hash"],
            columns: [
                .init("key_hash", .blob), .init("source", .text), .init("mention_id", .text),
                .init("created_at", .integer),
            ]),
        StoreCopyTable(
            "delivery_keys", key: ["key_hash"],
            columns: [
                .init("key_hash", .blob), .init("source", .text), .init("body_digest", .blob),
                .init("mention_id", .text), .init("quarantine_id", .text), .init("created_at", .integer),
            ]),
        StoreCopyTable(
            "mention_places", key: ["mention_id", "source", "place"],
            columns: [
                .init("mention_id", .text), .init("source", .text), .init("place", .text),
                .init("first_seen_at", .integer),
            ]),
        StoreCopyTable(
            "mention_notes", key: ["id"],
            columns: [
                .init("id", .text), .init("mention_id", .text), .init("author", .text), .init("text", .text),
                .init("at", .integer),
            ]),
        StoreCopyTable(
            "quarantine", key: ["id"],
            columns: [
                .init("id", .text), .init("source", .text), .init("channel", .text), .init("received_at", .integer),
                .init("reason", .text), .init("detail", .text), .init("status", .text), .init("body_digest", .text),
                .init("content_type", .text), .init("bytes", .blob), .init("metadata", .object),
                .init("mention_id", .text),
            ]),
        StoreCopyTable(
            "source_state", key: ["source"],
            columns: [
                .init("source", .text), .init("version", .integer), .init("payload", .blob),
                .init("updated_at", .integer), .init("kind", .text), .init("last_success_at", .integer),
                .init("last_error", .text), .init("last_error_at", .integer), .init("error_streak", .integer),
                .init("items_ingested", .integer), .init("next_poll_at", .integer), .init("gone", .bool),
                .init("moved_to", .text),
            ]),
        StoreCopyTable(
            "source_events", key: ["seq"], identity: "seq",
            columns: [
                .init("seq", .integer), .init("source", .text), .init("at", .integer), .init("kind", .text),
                .init("details", .object),
            ]),
        StoreCopyTable(
            "audit_log", key: ["seq"], identity: "seq",
            columns: [
                .init("seq", .integer), .init("at", .integer), .init("actor", .text), .init("role", .text),
                .init("action", .text), .init("object", .text), .init("before", .text), .init("after", .text),
                .init("request_id", .text), .init("source_ip", .text), .init("outcome", .text),
            ]),
        StoreCopyTable(
            "web_sessions", key: ["id_hash"],
            columns: [
                .init("id_hash", .text), .init("token_name", .text), .init("token_fingerprint", .text),
                .init("csrf", .text), .init("created_at", .integer), .init("expires_at", .integer),
            ]),
        StoreCopyTable(
            "outbox", key: ["id"],
            columns: [
                .init("id", .text), .init("target", .text), .init("kind", .text), .init("mention_id", .text),
                .init("payload", .blob), .init("recipient", .text), .init("created_at", .integer),
                .init("attempts", .integer), .init("next_attempt_at", .integer), .init("delivered_at", .integer),
                .init("failed_at", .integer), .init("last_error", .text),
            ]),
        StoreCopyTable("customers", key: ["id"], columns: [.init("id", .text), .init("created_at", .integer)]),
        StoreCopyTable(
            "customer_evidence", key: ["kind", "value"],
            columns: [
                .init("kind", .text), .init("value", .text), .init("customer_id", .text), .init("manual", .bool),
            ]),
        StoreCopyTable("customer_aliases", key: ["id"], columns: [.init("id", .text), .init("customer_id", .text)]),
        StoreCopyTable(
            "issues", key: ["id"],
            columns: [
                .init("id", .text), .init("label", .text), .init("category", .text), .init("terms", .blob),
                .init("brands", .strings), .init("first_seen_at", .integer), .init("last_seen_at", .integer),
                .init("occurrences", .integer),
            ]),
        StoreCopyTable(
            "similarity_bands", key: ["band_key", "mention_seq"],
            columns: [.init("band_key", .integer), .init("mention_seq", .integer)]),
        StoreCopyTable(
            "recurrence_pending", key: ["mention_seq"],
            columns: [.init("mention_seq", .integer), .init("version", .integer)]),
        StoreCopyTable(
            "leases", key: ["name"],
            columns: [
                .init("name", .text), .init("owner", .text), .init("acquired_at", .integer),
                .init("expires_at", .integer),
            ]),
    ]

    /// The mentions, keyed by `seq`, which the similarity index and the recurrence queue refer to.
    public static let mentions = StoreCopyTable(
        "mentions", key: ["seq"], identity: "seq",
        columns: [
            .init("seq", .integer), .init("id", .text), .init("source", .text), .init("channel", .text),
            .init("external_id", .text), .init("received_at", .integer), .init("published_at", .integer),
            .init("author_name", .text), .init("author_address", .text), .init("author_handle", .text),
            .init("subject", .text), .init("title", .text), .init("text", .text), .init("link", .text),
            .init("content_digest", .text), .init("language", .text), .init("complaint", .bool),
            .init("severity", .text), .init("category", .text), .init("brands", .strings), .init("cues", .strings),
            .init("status", .text), .init("assignee", .text), .init("flags", .strings), .init("revisions", .integer),
            .init("updated_at", .integer), .init("corrected_complaint", .bool), .init("corrected_severity", .text),
            .init("corrected_category", .text), .init("corrected_by", .text), .init("corrected_at", .integer),
            .init("due_at", .integer), .init("response_kind", .text), .init("clock_started_at", .integer),
            .init("responded_at", .integer), .init("resolved_at", .integer), .init("follow_up_at", .integer),
            .init("notes_count", .integer), .init("fingerprint", .blob), .init("customer_id", .text),
            .init("customer_evidence", .text), .init("issue_id", .text),
        ])
}
