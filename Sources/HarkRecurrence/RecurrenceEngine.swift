import Foundation
import HarkCore
import HarkStore

/// Takes the mentions waiting for recurrence, in the order they were stored, and decides for
/// each (``RecurrenceClusterer``): its fingerprint (indexed in the store under its band keys),
/// its customer (by the strongest evidence already tied to someone, else a new customer), and for
/// a complaint its issue (the most similar earlier complaint's of the same category, from the
/// store's index and the batch so far, else a new one). A batch is written in one transaction.
///
/// Ids are derived, not random: a customer's from the evidence that first named them, an
/// issue's from its first complaint. A batch cut short (a crash) is simply decided again.
public struct RecurrenceEngine: Sendable {
    public let store: any RecurrenceStore
    /// Candidates read from the store's index per complaint.
    public var candidateLimit = 50

    public init(store: any RecurrenceStore) {
        self.store = store
    }

    /// Decides up to `limit` pending mentions. Returns how many were decided.
    @discardableResult
    public func processPending(limit: Int = 500, at now: Date) async throws -> Int {
        let inputs = try await store.pendingRecurrence(limit: limit)
        guard !inputs.isEmpty else { return 0 }
        let evidence = inputs.flatMap { CustomerEvidence.of(author: $0.author, source: $0.source, channel: $0.channel) }
        var clusterer = RecurrenceClusterer(owners: try await store.customerIDs(for: Array(Set(evidence))))
        var updates: [RecurrenceUpdate] = []
        for input in inputs {
            // A shutdown does not wait for the batch: nothing is written, and the mentions stay
            // pending for the next start.
            try Task.checkCancellation()
            let analysed = RecurrenceClusterer.Analysed(text: input.text)
            let fingerprint = analysed.fingerprint
            var joining: String?
            if input.complaint, let category = input.category, !fingerprint.isEmpty {
                // A mention decided again finds itself in the index: not a sibling.
                let stored = IssueMatcher.candidates(
                    try await store.fingerprintMatches(bandKeys: analysed.keys, limit: candidateLimit)
                        .filter { $0.mentionID != input.mentionID })
                joining = clusterer.issueToJoin(fingerprint, keys: analysed.keys, category: category, extra: stored)
                if let id = joining, !clusterer.knows(issue: id) {
                    if let issue = try await store.issueRecords([id])[id] { clusterer.know(issue) } else { joining = nil }
                }
            }
            updates.append(clusterer.decide(input, analysed: analysed, joining: joining))
        }
        try await store.applyRecurrence(clusterer.finalised(updates), at: now)
        return updates.count
    }
}

/// Recurrence from scratch over a whole store's mentions, in memory: fingerprints computed on
/// every core, then one pass in time order. For `hark recurrence rebuild` after an upgrade that
/// changes fingerprints, and for the benchmark.
public enum RecurrenceRebuild {
    public struct Result: Sendable {
        public var updates: [RecurrenceUpdate]
        public var issues: Int
        public var fingerprintSeconds: Double
        public var clusterSeconds: Double
    }

    /// Decides `inputs` (in time order) from scratch; `owners` is evidence already tied to customers.
    public static func run(_ inputs: [RecurrenceInput], owners: [CustomerEvidence: String] = [:]) async -> Result {
        let clock = ContinuousClock()
        let started = clock.now
        let analysed = await analyseInParallel(inputs.map(\.text))
        let fingerprinted = clock.now
        var clusterer = RecurrenceClusterer(owners: owners)
        var updates: [RecurrenceUpdate] = []
        updates.reserveCapacity(inputs.count)
        for (input, analysed) in zip(inputs, analysed) {
            var joining: String?
            if input.complaint, let category = input.category, !analysed.fingerprint.isEmpty {
                joining = clusterer.issueToJoin(analysed.fingerprint, keys: analysed.keys, category: category)
            }
            updates.append(clusterer.decide(input, analysed: analysed, joining: joining))
        }
        let result = clusterer.finalised(updates)
        let done = clock.now
        return Result(
            updates: result, issues: clusterer.issues.count, fingerprintSeconds: (fingerprinted - started).inSeconds,
            clusterSeconds: (done - fingerprinted).inSeconds)
    }

    static func analyseInParallel(_ texts: [String]) async -> [RecurrenceClusterer.Analysed] {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = max(1, (texts.count + workers - 1) / workers)
        return await withTaskGroup(of: (Int, [RecurrenceClusterer.Analysed]).self) { group in
            for start in stride(from: 0, to: texts.count, by: chunk) {
                let slice = Array(texts[start..<min(texts.count, start + chunk)])
                group.addTask { (start, slice.map { RecurrenceClusterer.Analysed(text: $0) }) }
            }
            var parts: [(Int, [RecurrenceClusterer.Analysed])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
