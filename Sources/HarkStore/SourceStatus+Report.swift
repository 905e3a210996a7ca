import Foundation
import HarkCore

extension SourceStatus {
    /// The status after one more poll: the rule every store applies, written once.
    public mutating func apply(_ report: SourcePollReport) {
        kind = report.kind
        switch report.outcome {
        case .success(let ingested):
            lastSuccessAt = report.at
            errorStreak = 0
            itemsIngested += ingested
        case .failure(let code, let message):
            lastError = "\(code): \(message)"
            lastErrorAt = report.at
            errorStreak += 1
        }
        nextPollAt = report.nextPollAt
        gone = report.gone
        movedTo = report.movedTo
    }
}
