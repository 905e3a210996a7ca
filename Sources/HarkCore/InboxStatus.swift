/// Where a mention stands in the complaint workflow.
///
/// The workflow follows the complaint-handling steps: acknowledge, inform, register and
/// categorise, resolve, follow up, close. A closed or dismissed mention can be reopened; a reopened
/// one awaits a response again. Transitions are checked by ``canMove(to:)`` and ``moving(to:)``.
public enum InboxStatus: String, Codable, Sendable, CaseIterable {
    /// Received and not yet answered.
    case new
    /// The complainant was told the complaint arrived.
    case acknowledged
    /// Someone is working on it.
    case inProgress = "in_progress"
    /// A resolution was given; a follow-up is due.
    case resolved
    /// The complainant was asked whether the resolution satisfied them.
    case followedUp = "followed_up"
    /// Done.
    case closed
    /// Back in the workflow after being resolved, closed or dismissed: awaits a response again.
    case reopened
    /// Not a complaint after all, or not actionable.
    case dismissed

    /// The statuses a person may move a mention to from this one (not including itself).
    public var allowedNext: [InboxStatus] {
        switch self {
        case .new: [.acknowledged, .inProgress, .dismissed]
        case .acknowledged: [.inProgress, .resolved, .dismissed]
        case .inProgress: [.resolved, .dismissed]
        case .resolved: [.followedUp, .closed, .reopened]
        case .followedUp: [.closed, .reopened]
        case .closed: [.reopened]
        case .reopened: [.acknowledged, .inProgress, .resolved, .dismissed]
        case .dismissed: [.reopened]
        }
    }

    /// Whether moving to `next` is allowed; moving to the same status is always allowed (a no-op).
    public func canMove(to next: InboxStatus) -> Bool {
        next == self || allowedNext.contains(next)
    }

    /// The status after moving to `next`.
    ///
    /// - Returns: `next` when the move is allowed (see ``canMove(to:)``).
    /// - Throws: `HarkError` with code `.conflict` naming both statuses and the allowed ones.
    public func moving(to next: InboxStatus) throws(HarkError) -> InboxStatus {
        guard canMove(to: next) else {
            let allowed = allowedNext.map(\.rawValue).joined(separator: ", ")
            throw HarkError(
                .conflict, "cannot move a mention from \(rawValue) to \(next.rawValue); allowed: \(allowed)")
        }
        return next
    }

    /// Awaiting a first response (new, reopened): counts toward the response service level.
    public var awaitsResponse: Bool {
        self == .new || self == .reopened
    }

    /// Still being worked on (not closed or dismissed).
    public var isActive: Bool {
        self != .closed && self != .dismissed
    }
}
