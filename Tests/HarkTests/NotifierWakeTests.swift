import Foundation
import HarkCore
@testable import HarkDaemon
import HarkRecurrence
import HarkStore
import HarkTesting
import Logging
import Synchronization
import Testing

/// The notifier reads its outbox after an ingest commit only when that commit enqueued something:
/// a commit of mentions that brought no alert costs no outbox read.
@Suite struct NotifierWakeTests {
    static let config = """
        notifier:
          alerts:
            - { id: "chat", format: "slack", url: "https://chat.example/hook", on: ["very_dissatisfied"] }
        """

    func notifier(_ store: MemoryInboxStore) throws -> NotifierService {
        let config = try HarkConfiguration.parse(yaml: Self.config, path: "test.yaml")
        return NotifierService(
            store: store, insight: RecurrenceInsight(store: store), clock: SystemWallClock(), logger: Logger(label: "test"),
            setup: try config.notifierSetup(configPath: "test.yaml"))
    }

    func batch(_ delivery: String, _ severity: Severity, rules: NotifierRules) -> IngestBatch {
        let draft = Fixtures.webhookDraft(delivery: delivery, externalID: delivery, text: "Faktura \(delivery)")
        let assessment = Assessment(
            language: "no", complaint: severity != .none, severity: severity, category: .billing, brands: [])
        var batch = IngestBatch(source: draft.source, items: [.mention(draft, assessment)])
        batch.outboxRules = rules
        return batch
    }

    @Test func onlyACommitThatEnqueuedWakesTheNotifier() async throws {
        let store = MemoryInboxStore()
        let notifier = try notifier(store)
        let ingestor = Ingestor(store: store, clock: SystemWallClock(), logger: Logger(label: "test"))
        let wakes = Mutex<[Bool]>([])
        ingestor.onStored { wakes.withLock { $0.append(notifier.wakeIfEnqueued()) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await ingestor.run() }
            let rules = notifier.rules
            let quiet = try await ingestor.submit(batch("d1", .dissatisfied, rules: rules))
            let angry = try await ingestor.submit(batch("d2", .veryDissatisfied, rules: rules))
            let again = try await ingestor.submit(batch("d3", .dissatisfied, rules: rules))
            // The handler runs just after the answers: wait for the third, bounded.
            for _ in 0..<500 where wakes.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(10)) }
            group.cancelAll()

            #expect(wakes.withLock { $0 } == [false, true, false], "a wake after the commit that brought an alert only")
            guard case .stored(let angryID) = angry.first, case .stored(let quietID) = quiet.first,
                case .stored = again.first
            else {
                Issue.record("not stored: \(quiet) \(angry) \(again)")
                return
            }
            #expect(try await store.outboxMessages(about: angryID).map(\.target) == ["chat"])
            #expect(try await store.outboxMessages(about: quietID).isEmpty)
        }
    }

    @Test func rulesOfAReloadedSetupWakeTheSameNotifier() throws {
        let store = MemoryInboxStore()
        let notifier = try notifier(store)
        let next = try HarkConfiguration.parse(yaml: Self.config, path: "test.yaml").notifierSetup(configPath: "test.yaml")
        let rules = notifier.rules(from: next)
        let draft = Fixtures.webhookDraft(delivery: "d1", externalID: "d1", text: "Farlig")
        let now = Date()
        var mention = Mention(
            id: MentionID.generate(at: now), source: draft.source, channel: .webhook, externalID: "d1", receivedAt: now,
            publishedAt: nil, author: Author(name: "Kari"), subject: nil, title: nil, text: "Farlig", link: nil,
            assessment: Assessment(language: "no", complaint: true, severity: .dissatisfied, category: .billing, brands: []),
            updatedAt: now)
        #expect(rules.messages(for: mention, from: draft, at: now).isEmpty)
        #expect(!notifier.wakeIfEnqueued())
        mention.assessment?.severity = .veryDissatisfied
        #expect(rules.messages(for: mention, from: draft, at: now).count == 1)
        #expect(notifier.wakeIfEnqueued())
        #expect(!notifier.wakeIfEnqueued(), "one wake per enqueue")
    }
}
