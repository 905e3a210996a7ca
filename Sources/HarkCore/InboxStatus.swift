/// Where a mention stands in the complaint workflow.
///
/// The workflow follows the complaint-handling steps: acknowledge, inform, register and
/// categorise, resolve, follow up. Transitions are checked by ``canMove(to:)``.
public enum InboxStatus: String, Codable, Sendable, CaseIterable {
    case new
    case acknowledged
    case inProgress = "in_progress"
    case resolved
    case closed
    /// Not a complaint after all, or not actionable.
    case dismissed

    /// Whether a person may move a mention from this status to `next`.
    public func canMove(to next: InboxStatus) -> Bool {
        if next == self { return true }
        switch (self, next) {
        case (.new, _): return true
        case (.acknowledged, .inProgress), (.acknowledged, .resolved), (.acknowledged, .dismissed): return true
        case (.inProgress, .resolved), (.inProgress, .dismissed), (.inProgress, .acknowledged): return true
        case (.resolved, .closed), (.resolved, .inProgress): return true
        case (.dismissed, .new), (.closed, .inProgress): return true
        default: return false
        }
    }
}
