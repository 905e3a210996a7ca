import Foundation
import HarkCore
import HarkStore

extension StoreCommands {
    /// What `hark reassess` did.
    public struct ReassessOutcome: Sendable {
        /// Mentions looked at.
        public var assessed = 0
        /// Mentions whose assessment changed (and was stored).
        public var changed = 0
        /// Mentions assessed from their raw input made again (the rest from their stored text,
        /// their raw input being purged after `raw_retention_days`).
        public var fromRaw = 0
    }

    /// `hark reassess [filters]`: runs the configuration's assessment again on the stored mentions
    /// the query selects (after an upgrade or a change of brands), page by page, and stores the
    /// assessments that changed, one transaction per page. Each mention is assessed from its raw
    /// input read again by its channel (MIME, the feed item's HTML, the source's webhook mapping)
    /// while that input is kept, else from its stored text.
    public func reassess(_ query: MentionQuery) async throws -> ReassessOutcome {
        let assess = try MentionAssessment.makeForFields(configuration)
        var query = query
        query.limit = MentionQuery.maximumLimit
        var outcome = ReassessOutcome()
        let clock = SystemWallClock()
        while true {
            let page = try await store.mentions(query)
            var updates: [(MentionID, Assessment)] = []
            for mention in page.items {
                let input = ReassessmentInput(
                    mention, raw: try await store.rawInput(of: mention.id), configuration: configuration)
                let fresh = assess(input.text, input.subject, input.title, mention.channel, input.flags)
                outcome.assessed += 1
                if input.fromRaw { outcome.fromRaw += 1 }
                if fresh != mention.assessment { updates.append((mention.id, fresh)) }
            }
            if !updates.isEmpty {
                outcome.changed += try await store.updateAssessments(updates, actor: "cli:reassess", at: clock.now())
            }
            guard let next = page.nextCursor else { return outcome }
            query.after = next
        }
    }
}
