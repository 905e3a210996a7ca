import ArgumentParser
import Foundation
import HarkCore
import HarkDaemon
import HarkRecurrence
import HarkStore

/// `hark recurrence rebuild`: customers, issues and the similarity index from scratch.
struct RecurrenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recurrence", abstract: "Customers, issues and the similarity index.",
        subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild",
            abstract: "Forget every customer link and issue and decide them again for every mention, in memory.",
            discussion: """
                For an upgrade that changes fingerprints or the matching rules. Stop the daemon first (its \
                recurrence service would decide new mentions meanwhile). Prints one JSON line: counts and \
                seconds, and with --probe the similarity lookup's latency on the rebuilt index.
                """)

        @OptionGroup var options: ConfigOption
        @Option(help: "After the rebuild, time this many similarity lookups of stored mentions against the index.")
        var probe = 0

        func run() async throws {
            let commands = try await StoreCommands.open(configPath: options.path)
            let store = commands.store
            let clock = ContinuousClock()
            try await store.resetRecurrence()
            let loadStart = clock.now
            let inputs = try await store.pendingRecurrence(limit: Int.max)
            let loaded = clock.now
            // Evidence people tied to customers (merges, splits) outlives the reset.
            let evidence = Set(inputs.flatMap { CustomerEvidence.of(author: $0.author, source: $0.source, channel: $0.channel) })
            let result = await RecurrenceRebuild.run(inputs, owners: try await store.customerIDs(for: Array(evidence)))
            let writeStart = clock.now
            var offset = 0
            while offset < result.updates.count {
                let end = min(result.updates.count, offset + 5_000)
                try await store.applyRecurrence(Array(result.updates[offset..<end]), at: Date())
                offset = end
            }
            let written = clock.now
            var report: [String: Any] = [
                "mentions": inputs.count, "issues": result.issues,
                "complaints_in_issues": result.updates.filter { $0.issue != nil }.count,
                "customers": Set(result.updates.compactMap(\.customerID)).count,
                "load_seconds": (loaded - loadStart).inSeconds,
                "fingerprint_seconds": result.fingerprintSeconds, "cluster_seconds": result.clusterSeconds,
                "write_seconds": (written - writeStart).inSeconds,
            ]
            if probe > 0, !inputs.isEmpty {
                report["probe"] = try await Self.probe(store, inputs, count: probe)
            }
            let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }

        /// Times `count` lookups as the engine makes them (fingerprint, index query, verification)
        /// for stored complaints spread evenly over the store, in milliseconds.
        static func probe(_ store: any InboxStore, _ inputs: [RecurrenceInput], count: Int) async throws -> [String: Any] {
            let complaints = inputs.filter { $0.complaint && $0.category != nil }
            let pool = complaints.isEmpty ? inputs : complaints
            let clock = ContinuousClock()
            let limit = RecurrenceEngine(store: store).candidateLimit
            var times: [Double] = []
            var found = 0
            for sample in 0..<count {
                let input = pool[sample * pool.count / count]
                let started = clock.now
                let fingerprint = Fingerprint(text: input.text)
                let candidates = IssueMatcher.candidates(
                    try await store.fingerprintMatches(bandKeys: fingerprint.bandKeys, limit: limit))
                if IssueMatcher.best(for: fingerprint, category: input.category, among: candidates) != nil { found += 1 }
                times.append((clock.now - started).inSeconds * 1000)
            }
            times.sort()
            func percentile(_ p: Double) -> Double {
                (times[min(times.count - 1, Int((p / 100 * Double(times.count - 1)).rounded()))] * 1000).rounded() / 1000
            }
            return ["n": count, "p50_ms": percentile(50), "p95_ms": percentile(95), "p99_ms": percentile(99), "matched": found]
        }
    }
}
