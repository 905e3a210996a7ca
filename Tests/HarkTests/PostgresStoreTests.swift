import Foundation
import HarkCore
import HarkStore
import HarkStorePostgres
import HarkTesting
import Testing

/// What only the PostgreSQL store has to show: instances racing on one database, its own
/// migrations, the append-only audit log, and its language-aware search.
@Suite(.enabled(if: PostgresTestServer.isConfigured, "\(PostgresTestServer.skipMessage)"))
struct PostgresStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Two stores on one database (two instances) commit the same 60 deliveries at once, in
    /// opposite orders and different batches: each is stored once, every other receipt is a
    /// duplicate of it, and nothing failed.
    @Test func instancesRacingOnTheSameKeysStoreEachOnce() async throws {
        let database = try await PostgresTestServer.freshConfiguration()
        let first = try await PostgresInboxStore.open(database, logger: PostgresTestServer.logger)
        let second = try await PostgresInboxStore.open(database, logger: PostgresTestServer.logger)
        defer {
            first.close()
            second.close()
        }
        let drafts = (1...60).map { Fixtures.webhookDraft(delivery: "d\($0)", externalID: "r\($0)", text: "Late parcel \($0)") }
        func run(_ store: PostgresInboxStore, _ order: [MentionDraft], batch: Int) async throws -> [IngestReceipt] {
            var receipts: [IngestReceipt] = []
            for start in stride(from: 0, to: order.count, by: batch) {
                let items = order[start..<min(start + batch, order.count)].map { IngestItem.mention($0, nil) }
                receipts += try await store.commit([IngestBatch(source: drafts[0].source, items: items)], at: now).flatMap { $0 }
            }
            return receipts
        }
        async let a = run(first, drafts, batch: 7)
        async let b = run(second, drafts.reversed(), batch: 5)
        let receipts = try await a + b
        var stored: Set<MentionID> = []
        for receipt in receipts {
            if case .stored(let id) = receipt { #expect(stored.insert(id).inserted) }
        }
        #expect(stored.count == 60)
        for receipt in receipts {
            guard case .duplicate(let id) = receipt else { continue }
            #expect(stored.contains(id))
        }
        #expect(try await first.statistics().mentions == 60)
        #expect(try await second.statistics().deliveries == 60)
    }

    @Test func migrationsAreItsOwnAndTheAuditLogIsAppendOnly() async throws {
        let database = try await PostgresTestServer.freshConfiguration()
        let store = try await PostgresInboxStore.open(database, logger: PostgresTestServer.logger)
        defer { store.close() }
        #expect(try await store.appliedMigrations() == ["0001-inbox", "0002-workflow-recurrence", "0003-bounded-search"])
        // Opening again (another instance starting) applies nothing twice.
        let again = try await PostgresInboxStore.open(database, logger: PostgresTestServer.logger)
        #expect(try await again.appliedMigrations() == ["0001-inbox", "0002-workflow-recurrence", "0003-bounded-search"])
        again.close()
        try await store.appendAudit(AuditEvent(at: now, actor: "kari", action: "login"))
        #expect(try await store.auditLog(limit: 5).count == 1)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/psql") else { return }
        let url = "postgres://\(database.username)@\(database.host):\(database.port)/\(database.database)"
        for statement in ["DELETE FROM audit_log", "UPDATE audit_log SET actor = 'x'", "TRUNCATE audit_log"] {
            let result = try CommandResult.run(URL(fileURLWithPath: "/usr/bin/psql"), [url, "-v", "ON_ERROR_STOP=1", "-c", statement])
            #expect(result.status != 0 && result.stderr.contains("append-only"), "\(statement) was refused")
        }
        #expect(try await store.auditLog(limit: 5).count == 1)
    }

    /// Stems in the mention's language, prefixes of words as written, and search text that looks
    /// like query syntax matched as plain words (never an error).
    @Test func searchIsLanguageAwareAndTakesAnyText() async throws {
        let store = try await PostgresTestServer.freshStore()
        defer { store.close() }
        var english = Fixtures.webhookDraft(delivery: "d1", externalID: "r1", text: "Both deliveries were damaged")
        english.subject = "Complaint"
        let danish = Fixtures.webhookDraft(delivery: "d2", externalID: "r2", text: "Pakkerne kom aldrig frem")
        let assessment = Assessment(language: "en", complaint: true, severity: .dissatisfied, category: .delivery, brands: [], cues: [])
        var danishAssessment = assessment
        danishAssessment.language = "da"
        _ = try await store.commit(
            [IngestBatch(source: english.source, items: [.mention(english, assessment), .mention(danish, danishAssessment)])],
            at: now)
        func search(_ text: String) async throws -> [String] {
            try await store.mentions(MentionQuery(text: text)).items.compactMap(\.externalID)
        }
        #expect(try await search("delivery") == ["r1"])  // English stem
        #expect(try await search("damag") == ["r1"])  // prefix
        #expect(try await search("pakke") == ["r2"])  // Danish
        #expect(try await search("complaint deliveries") == ["r1"])
        #expect(try await search("deliveries pakkerne").isEmpty)
        for hostile in ["'):* | !", "\u{0}", "&&&", "a:*B", String(repeating: "x", count: 5000), "\\", "$$; DROP TABLE mentions; --"] {
            _ = try await search(hostile)
        }
        #expect(try await store.statistics().mentions == 2)
    }
}
