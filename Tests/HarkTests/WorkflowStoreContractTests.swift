import Foundation
import HarkCore
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Testing

/// The workflow through both stores: transitions, corrections kept beside the assessment, the
/// service-level clock, overdue filters, notes and history, and erasure taking the notes along.
@Suite struct WorkflowStoreContractTests {
    let received = Date(timeIntervalSince1970: 1_800_000_000)
    let kari = ChangeActor(name: "token:kari", role: "support", requestID: "req-1", sourceIP: "127.0.0.1")
    let levels = ServiceLevelPolicy()

    func complaint(_ severity: Severity, channel: Channel = .webhook) -> Assessment {
        Assessment(language: "no", complaint: severity != .none, severity: severity, category: .billing)
    }

    /// Stores one assessed mention received at `received` under the default service levels.
    func stored(_ store: any InboxStore, _ assessment: Assessment, id: String = "w1", address: String? = nil)
        async throws -> MentionID
    {
        let draft = Fixtures.webhookDraft(delivery: id, externalID: id, text: "Fakturaen er feil", address: address)
        var batch = IngestBatch(source: draft.source, items: [.mention(draft, assessment)])
        batch.serviceLevels = levels
        let receipts = try await store.commit([batch], at: received)
        guard case .stored(let mentionID) = try #require(receipts.first?.first) else {
            throw TestingError("not stored")
        }
        return mentionID
    }

    @Test(arguments: StoreKind.allCases)
    func aComplaintGetsItsResponseDueTimeAtIngest(kind: StoreKind) async throws {
        let store = try await kind.make()
        let angry = try await stored(store, complaint(.veryDissatisfied), id: "a")
        let mild = try await stored(store, complaint(.dissatisfied), id: "b")
        let praise = try await stored(store, complaint(.none), id: "c")
        let a = try #require(try await store.mention(angry))
        #expect(a.workflow.dueAt == received.addingTimeInterval(4 * 3600))
        #expect(a.workflow.responseKind == .personal)
        #expect(try await store.mention(mild)?.workflow.dueAt == received.addingTimeInterval(24 * 3600))
        #expect(try await store.mention(mild)?.workflow.responseKind == .written)
        #expect(try await store.mention(praise)?.workflow.dueAt == nil)
        // Overdue five hours later: only the very dissatisfied one.
        var query = MentionQuery()
        query.overdueAt = received.addingTimeInterval(5 * 3600)
        #expect(try await store.mentions(query).items.map(\.id) == [angry])
    }

    @Test(arguments: StoreKind.allCases)
    func theWorkflowMovesAndRefusesInvalidTransitions(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await stored(store, complaint(.veryDissatisfied))
        let t1 = received.addingTimeInterval(3600)
        let acknowledged = try await store.change(id, MentionChange(status: .acknowledged, assignee: "kari"), by: kari, at: t1, serviceLevels: levels)
        #expect(acknowledged.status == .acknowledged && acknowledged.assignee == "kari")
        #expect(acknowledged.workflow.respondedAt == t1)
        #expect(!acknowledged.workflow.isOverdue(status: acknowledged.status, at: received.addingTimeInterval(9 * 3600)))
        await #expect(throws: HarkError.self) {
            _ = try await store.change(id, MentionChange(status: .followedUp), by: kari, at: t1, serviceLevels: levels)
        }
        do {
            _ = try await store.change(id, MentionChange(status: .new), by: kari, at: t1, serviceLevels: levels)
            Issue.record("acknowledged → new was allowed")
        } catch let error as HarkError {
            #expect(error.code == .conflict)
            #expect(error.message.contains("acknowledged") && error.message.contains("new"), "\(error.message)")
        }
        let t2 = received.addingTimeInterval(2 * 86400)
        let resolved = try await store.change(id, MentionChange(status: .resolved), by: kari, at: t2, serviceLevels: levels)
        #expect(resolved.workflow.resolvedAt == t2)
        #expect(resolved.workflow.followUpAt == t2.addingTimeInterval(7 * 86400))
        // The follow-up is overdue after a week while it stays resolved.
        var query = MentionQuery()
        query.overdueAt = t2.addingTimeInterval(8 * 86400)
        #expect(try await store.mentions(query).items.map(\.id) == [id])
        _ = try await store.change(id, MentionChange(status: .followedUp), by: kari, at: t2, serviceLevels: levels)
        #expect(try await store.mentions(query).items.isEmpty)
        // Reopened: the clock starts again from the reopening.
        let t3 = t2.addingTimeInterval(86400)
        let reopened = try await store.change(id, MentionChange(status: .reopened), by: kari, at: t3, serviceLevels: levels)
        #expect(reopened.workflow.dueAt == t3.addingTimeInterval(4 * 3600))
        #expect(reopened.workflow.respondedAt == nil && reopened.workflow.resolvedAt == nil)
        let history = try await store.history(of: id)
        #expect(history.map(\.action) == ["mention.assign", "mention.status", "mention.status", "mention.status", "mention.status"])
        #expect(history.first?.after == "kari" && history.first?.requestID == "req-1" && history.first?.role == "support")
        #expect(history.filter { $0.action == "mention.status" }.map { "\($0.before ?? "")>\($0.after ?? "")" } == [
            "new>acknowledged", "acknowledged>resolved", "resolved>followed_up", "followed_up>reopened",
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func aCorrectionIsKeptBesideTheAssessmentAndWins(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await stored(store, complaint(.dissatisfied))
        let t1 = received.addingTimeInterval(600)
        let corrected = try await store.change(
            id, MentionChange(severity: .veryDissatisfied, category: .service), by: kari, at: t1, serviceLevels: levels)
        #expect(corrected.assessment?.severity == .dissatisfied, "the automatic assessment is kept")
        #expect(corrected.effectiveAssessment?.severity == .veryDissatisfied)
        #expect(corrected.effectiveAssessment?.category == .service)
        #expect(corrected.correction?.by == "token:kari" && corrected.correction?.at == t1)
        // The clock follows the corrected severity, from when the mention came in.
        #expect(corrected.workflow.dueAt == received.addingTimeInterval(4 * 3600))
        #expect(corrected.workflow.responseKind == .personal)
        var bySeverity = MentionQuery()
        bySeverity.severity = .veryDissatisfied
        #expect(try await store.mentions(bySeverity).items.map(\.id) == [id])
        bySeverity.severity = .dissatisfied
        #expect(try await store.mentions(bySeverity).items.isEmpty)
        // Not a complaint after all: no severity, no category, no clock.
        let dismissed = try await store.change(id, MentionChange(complaint: false), by: kari, at: t1, serviceLevels: levels)
        #expect(dismissed.effectiveAssessment?.complaint == false)
        #expect(dismissed.effectiveAssessment?.severity == Severity.none)
        #expect(dismissed.workflow.dueAt == nil)
        let reread = try #require(try await store.mention(id))
        #expect(reread.correction == dismissed.correction)
        #expect(reread.effectiveAssessment == dismissed.effectiveAssessment)
        let corrections = try await store.history(of: id).filter { $0.action == "mention.correct" }
        #expect(corrections.count == 2)
        #expect(corrections.first?.before == "complaint=true severity=dissatisfied category=billing")
        #expect(corrections.first?.after == "complaint=true severity=very_dissatisfied category=service")
    }

    @Test(arguments: StoreKind.allCases)
    func notesAreKeptCountedAndErasedWithTheMention(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await stored(store, complaint(.dissatisfied), address: "kunde@example.no")
        let note = try await store.addNote(to: id, text: "  Ringte kunden; ny måler sendes.\u{0}  ", by: kari, at: received)
        #expect(note.text == "Ringte kunden; ny måler sendes.")
        _ = try await store.addNote(to: id, text: "Måler sendt.", by: kari, at: received.addingTimeInterval(60))
        #expect(try await store.notes(of: id).map(\.text) == ["Ringte kunden; ny måler sendes.", "Måler sendt."])
        #expect(try await store.mention(id)?.notesCount == 2)
        #expect(try await store.history(of: id).filter { $0.action == "mention.note" }.map(\.after) == (try await store.notes(of: id)).map(\.id))
        for bad in ["", "   ", String(repeating: "x", count: MentionNote.maximumBytes + 1)] {
            await #expect(throws: HarkError.self) { _ = try await store.addNote(to: id, text: bad, by: kari, at: received) }
        }
        let missing = MentionID.generate(at: received)
        do {
            _ = try await store.addNote(to: missing, text: "x", by: kari, at: received)
            Issue.record("a note on a missing mention was kept")
        } catch let error as HarkError {
            #expect(error.code == .notFound)
        }
        _ = try await store.erase(.address("kunde@example.no"), by: ChangeActor(name: "cli"), at: received)
        #expect(try await store.notes(of: id).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func badChangesAreRefusedAndChangeNothing(kind: StoreKind) async throws {
        let store = try await kind.make()
        let id = try await stored(store, complaint(.dissatisfied))
        let cases: [MentionChange] = [
            MentionChange(),
            MentionChange(assignee: .some("")),
            MentionChange(assignee: .some("line\nbreak")),
            MentionChange(assignee: .some(String(repeating: "a", count: 201))),
        ]
        for change in cases {
            await #expect(throws: HarkError.self) {
                _ = try await store.change(id, change, by: kari, at: received, serviceLevels: levels)
            }
        }
        let mention = try #require(try await store.mention(id))
        #expect(mention.assignee == nil && mention.status == .new && mention.correction == nil)
        #expect(try await store.history(of: id).isEmpty)
    }
}
