import Foundation
import HarkCore

/// The rules of a person's change to a mention, shared by every store: the workflow transition,
/// the correction kept beside the assessment, the service-level clock, and one audit record per
/// aspect changed (one `unchanged` record when nothing changed, so every call is on record). Pure;
/// the store reads the mention and writes the result in one transaction.
public enum WorkflowApplier {
    /// The longest assignee name kept.
    public static let maximumAssigneeBytes = 200

    /// The mention after `change`, and the audit records that say what changed.
    ///
    /// - Throws: ``HarkError`` `.conflict` for a transition the workflow does not allow,
    ///   `.invalidInput` for a bad assignee or an empty change.
    public static func apply(
        _ change: MentionChange, to mention: Mention, by actor: ChangeActor, at now: Date,
        serviceLevels: ServiceLevelPolicy
    ) throws(HarkError) -> (mention: Mention, audit: [AuditEvent]) {
        guard !change.isEmpty else { throw HarkError(.invalidInput, "the change is empty") }
        var updated = mention
        var audit: [AuditEvent] = []
        func record(_ action: String, _ before: String?, _ after: String?, outcome: String = "ok") {
            audit.append(
                AuditEvent(
                    at: now, actor: actor.name, role: actor.role, action: action, object: mention.id.rawValue,
                    before: before, after: after, requestID: actor.requestID, sourceIP: actor.sourceIP,
                    outcome: outcome))
        }

        if change.corrects {
            let before = updated.effectiveAssessment
            var correction = updated.correction ?? Correction(by: actor.name, at: now)
            if let complaint = change.complaint { correction.complaint = complaint }
            if let severity = change.severity { correction.severity = severity }
            if let category = change.category { correction.category = category }
            // A severity or category other than none says it is a complaint; none says it is not.
            if change.complaint == nil {
                if let severity = change.severity { correction.complaint = severity != .none }
                else if let category = change.category, category != .none { correction.complaint = true }
            }
            correction.by = actor.name
            correction.at = now
            updated.correction = correction
            let after = updated.effectiveAssessment
            // Kept as what people now see, so every store reads back the same correction.
            if let after {
                updated.correction?.complaint = after.complaint
                updated.correction?.severity = after.severity
                updated.correction?.category = after.category
            }
            record("mention.correct", describe(before), describe(after))
            // The response clock follows the corrected severity while no one has answered yet.
            if updated.status.awaitsResponse, updated.workflow.respondedAt == nil {
                setResponseDue(&updated, from: mention.workflow.clockStartedAt ?? mention.receivedAt, serviceLevels)
            }
        }

        if let assignee = change.assignee {
            let cleaned: String?
            if let name = assignee {
                let controls = name.unicodeScalars.contains { $0.properties.generalCategory == .control }
                guard !controls, let line = TextCleanup.singleLine(name), !line.isEmpty,
                    line.utf8.count <= maximumAssigneeBytes
                else {
                    throw HarkError(.invalidInput, "the assignee must be one line of at most \(maximumAssigneeBytes) bytes")
                }
                cleaned = line
            } else {
                cleaned = nil
            }
            if cleaned != mention.assignee {
                record("mention.assign", mention.assignee, cleaned)
                updated.assignee = cleaned
            }
        }

        if let status = change.status, status != mention.status {
            updated.status = try mention.status.moving(to: status)
            record("mention.status", mention.status.rawValue, status.rawValue)
            switch status {
            case .reopened:
                updated.workflow.respondedAt = nil
                updated.workflow.resolvedAt = nil
                updated.workflow.followUpAt = nil
                updated.workflow.clockStartedAt = now
                setResponseDue(&updated, from: now, serviceLevels)
            case .resolved:
                updated.workflow.respondedAt = updated.workflow.respondedAt ?? now
                updated.workflow.resolvedAt = now
                updated.workflow.followUpAt = serviceLevels.followUpDue(resolvedAt: now)
            case .dismissed:
                break
            default:
                if mention.status.awaitsResponse, !status.awaitsResponse {
                    updated.workflow.respondedAt = updated.workflow.respondedAt ?? now
                }
            }
        }
        if audit.isEmpty {
            // The same status or assignee again: nothing changed, but the call is still recorded
            // (reliability.md A6); histories show only `ok` records.
            record("mention.change", nil, nil, outcome: "unchanged")
        }
        updated.updatedAt = now
        return (updated, audit)
    }

    private static func setResponseDue(_ mention: inout Mention, from start: Date, _ serviceLevels: ServiceLevelPolicy) {
        guard let assessment = mention.effectiveAssessment, assessment.complaint,
            let due = serviceLevels.responseDue(severity: assessment.severity, channel: mention.channel, from: start)
        else {
            mention.workflow.dueAt = nil
            mention.workflow.responseKind = nil
            return
        }
        mention.workflow.dueAt = due.due
        mention.workflow.responseKind = due.kind
    }

    static func describe(_ assessment: Assessment?) -> String? {
        guard let assessment else { return nil }
        return "complaint=\(assessment.complaint) severity=\(assessment.severity.rawValue) "
            + "category=\(assessment.category.rawValue)"
    }

    /// The due time of a newly stored mention's first response, from its assessment.
    public static func initialTimes(
        assessment: Assessment?, channel: Channel, receivedAt: Date, serviceLevels: ServiceLevelPolicy?
    ) -> WorkflowTimes {
        guard let serviceLevels, let assessment, assessment.complaint,
            let due = serviceLevels.responseDue(severity: assessment.severity, channel: channel, from: receivedAt)
        else { return WorkflowTimes() }
        return WorkflowTimes(dueAt: due.due, responseKind: due.kind)
    }

    /// Checks and cleans a note's text: not empty, at most ``MentionNote/maximumBytes``.
    public static func noteText(_ text: String) throws(HarkError) -> String {
        let cleaned = TextCleanup.body(text)
        guard !cleaned.isEmpty else { throw HarkError(.invalidInput, "the note is empty") }
        guard cleaned.utf8.count <= MentionNote.maximumBytes else {
            throw HarkError(.invalidInput, "the note is longer than \(MentionNote.maximumBytes) bytes")
        }
        return cleaned
    }
}
