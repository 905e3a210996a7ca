import Metrics
import Synchronization

/// Counters of what became of each input (P5: received = stored + quarantined + rejected).
///
/// `hark_intake_total{source, outcome}` with outcome one of `stored`, `duplicate`, `revised`,
/// `quarantined`, `conflict`, `ignored`, `rejected_<status>` (a store that cannot commit is
/// `rejected_503`), each request counted once; `hark_commit_failures_total`.
/// Counters are created once per label pair and cached; sources are bounded by the configuration
/// (unknown sources count under `source="unknown"`).
public final class IntakeMetrics: Sendable {
    private let counters = Mutex<[String: Counter]>([:])

    public init() {}

    public func count(source: String, outcome: String) {
        let key = source + "\u{0}" + outcome
        let counter = counters.withLock { counters in
            if let existing = counters[key] { return existing }
            let made = Counter(label: "hark_intake_total", dimensions: [("source", source), ("outcome", outcome)])
            counters[key] = made
            return made
        }
        counter.increment()
    }
}
