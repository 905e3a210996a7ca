import Foundation
import HarkCore
import HarkStore
import Testing

extension MigrateFixture {
    /// Expects `copy` to answer every question of the store protocol as `original` does: each
    /// mention with its revisions, places, notes, history, raw input and outbox messages; every page
    /// of the inbox; recurrence (summaries, issues, customers, the pending queue); sources,
    /// quarantine, audit, outbox, sessions, leases and the totals.
    func expectSame(_ original: any InboxStore, _ copy: any InboxStore) async throws {
        let now = Self.start.addingTimeInterval(600)
        for id in ids {
            let mention = try await original.mention(id)
            #expect(try await copy.mention(id) == mention, "mention \(id)")
            #expect(mention != nil || erased.contains(id))
            #expect(try await copy.revisions(of: id) == original.revisions(of: id))
            #expect(try await copy.places(of: id) == original.places(of: id))
            #expect(try await copy.notes(of: id) == original.notes(of: id))
            #expect(try await copy.history(of: id) == original.history(of: id))
            #expect(try await copy.rawInput(of: id) == original.rawInput(of: id))
            #expect(try await copy.outboxMessages(about: id) == original.outboxMessages(about: id))
        }
        for query in [MentionQuery(limit: 7), MentionQuery(status: .new, limit: 11), MentionQuery(source: SourceID("open"), limit: 5)] {
            var query = query
            var pages = 0
            while true {
                let page = try await original.mentions(query)
                #expect(try await copy.mentions(query) == page, "page \(pages) of \(query)")
                pages += 1
                guard let next = page.nextCursor, pages < 100 else { break }
                query.after = next
            }
        }
        let summaries = try await original.recurrenceSummaries(of: ids)
        #expect(try await copy.recurrenceSummaries(of: ids) == summaries)
        #expect(!summaries.isEmpty)
        let customers = Set(summaries.values.compactMap { $0.customer?.id })
        #expect(!customers.isEmpty)
        for customer in customers {
            #expect(try await copy.customer(customer, mentionLimit: 50) == original.customer(customer, mentionLimit: 50))
        }
        let issues = try await original.issues(IssueQuery(limit: 200))
        #expect(!issues.isEmpty)
        #expect(try await copy.issues(IssueQuery(limit: 200)) == issues)
        #expect(try await copy.issues(IssueQuery(order: .recent, limit: 200)) == original.issues(IssueQuery(order: .recent, limit: 200)))
        let pending = try await original.pendingRecurrence(limit: 1000)
        #expect(!pending.isEmpty)
        #expect(try await copy.pendingRecurrence(limit: 1000) == pending)
        #expect(pending.contains { $0.pendingVersion > 0 }, "a corrected mention waits with a newer version")

        for source in sources {
            #expect(try await copy.sourceState(source) == original.sourceState(source))
        }
        #expect(try await copy.sourceStatuses(eventsPerSource: 10) == original.sourceStatuses(eventsPerSource: 10))
        #expect(try await copy.quarantined(QuarantineQuery()) == original.quarantined(QuarantineQuery()))
        for id in quarantineIDs {
            #expect(try await copy.quarantineRecord(id) == original.quarantineRecord(id))
        }
        #expect(try await copy.auditLog(limit: 1000) == original.auditLog(limit: 1000))
        for id in outboxIDs {
            #expect(try await copy.outboxMessage(id) == original.outboxMessage(id))
        }
        #expect(try await copy.outboxCounts() == original.outboxCounts())
        #expect(try await copy.session(idHash: "session-hash-1", at: now) == original.session(idHash: "session-hash-1", at: now))
        #expect(try await copy.leases() == original.leases())
        #expect(try await copy.statistics() == original.statistics())
        #expect(try await copy.inboxCounts(brandScope: nil, at: now) == original.inboxCounts(brandScope: nil, at: now))
    }
}
