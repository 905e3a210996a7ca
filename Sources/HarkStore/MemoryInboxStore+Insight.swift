import Foundation
import HarkCore
import Synchronization

extension MemoryInboxStore {
    public func dailyComplaints(
        by dimension: TrendDimension, since: Date, utcOffset: Int, brandScope: [String]?
    ) async throws -> [DailyCount] {
        let scope = MentionQuery(brandScope: brandScope)
        return state.withLock { state in
            var counts: [DailyCount: Int] = [:]
            for stored in state.mentions.values where stored.mention.receivedAt >= since && scope.matches(stored.mention) {
                guard let assessment = stored.mention.effectiveAssessment, assessment.complaint else { continue }
                let millis = Int64((stored.mention.receivedAt.timeIntervalSince1970 * 1000).rounded(.down))
                let day = (millis + Int64(utcOffset) * 1000) / 86_400_000
                let keys: [String] =
                    switch dimension {
                    case .category: [assessment.category.rawValue]
                    case .issue: state.recurrence.mentionIssues[stored.mention.id].map { [$0] } ?? []
                    case .brand: assessment.brands
                    case .channel: [stored.mention.channel.rawValue]
                    }
                for key in keys { counts[DailyCount(key: key, day: day, count: 0), default: 0] += 1 }
            }
            return counts.map { DailyCount(key: $0.key.key, day: $0.key.day, count: $0.value) }
                .sorted { ($0.key, $0.day) < ($1.key, $1.day) }
        }
    }

    public func issueActivity(since: Date, at now: Date, brandScope: [String]?) async throws -> [IssueActivity] {
        state.withLock { state in
            var activity: [String: IssueActivity] = [:]
            var customers: [String: Set<String>] = [:]
            for (mentionID, issueID) in state.recurrence.mentionIssues {
                guard let issue = state.recurrence.issues[issueID], issue.lastSeenAt >= since,
                    issue.isWithin(brandScope),
                    let mention = state.mentions[mentionID]?.mention
                else { continue }
                var entry = activity[issueID] ?? IssueActivity(
                    issueID: issueID, complaints: 0, veryDissatisfied: 0, customers: 0, open: 0, overdue: 0)
                if mention.receivedAt >= since {
                    entry.complaints += 1
                    if mention.effectiveAssessment?.severity == .veryDissatisfied { entry.veryDissatisfied += 1 }
                    if let customer = state.recurrence.customers[mentionID]?.id { customers[issueID, default: []].insert(customer) }
                }
                if mention.status.isActive { entry.open += 1 }
                if mention.workflow.isOverdue(status: mention.status, at: now) { entry.overdue += 1 }
                activity[issueID] = entry
            }
            return activity.values.map { entry in
                var entry = entry
                entry.customers = customers[entry.issueID]?.count ?? 0
                return entry
            }.sorted { $0.issueID < $1.issueID }
        }
    }
}
