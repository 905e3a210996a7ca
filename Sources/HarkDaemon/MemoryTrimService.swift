import ServiceLifecycle
import Synchronization

/// Hands memory the daemon no longer uses back to the system: unused heap (cheap with two arenas)
/// and resident code pages.
///
/// It does so every ten seconds, and half a second to a second after a spell of work ends (an
/// activity count stopped moving), so that a daemon between bursts sits at its idle size rather than
/// at the size of its last burst for up to ten seconds. Code in use comes back at its next call (a
/// minor fault per 64 KiB, a few hundred in all, well under a millisecond); code that ran once
/// (start-up, a rare path) stops counting.
///
/// Each kind of work has its own count: when a burst of requests ends, the heap it used goes back
/// at once, even while background work (indexing, recurrence) goes on catching up with it. The
/// store's caches go only when every count stands still: background work would refill them.
struct MemoryTrimService: Service {
    /// Counts that move while the daemon works, one per kind of work (the ingestor's commits, a
    /// ``WorkMeter``'s rounds).
    let activities: [@Sendable () -> Int]
    /// Called before the heap is trimmed: the store's caches.
    let releaseCaches: @Sendable () async -> Void
    var checkEvery: Duration = .milliseconds(500)
    var trimEvery: Duration = .seconds(10)
    /// Gives the heap and code pages back.
    var trim: @Sendable () -> Void = {
        MemoryTuning.trim()
        MemoryTuning.releaseCodePages()
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { await watch() }
    }

    /// The loop itself, until the task is cancelled.
    func watch() async {
        var seen = activities.map { $0() }
        // Per count: it moved, and the end of that spell of work has not been acted on yet.
        var working = Array(repeating: false, count: seen.count)
        var sinceTrim = Duration.zero
        while !Task.isCancelled {
            try? await Task.sleep(for: checkEvery)
            sinceTrim += checkEvery
            let now = activities.map { $0() }
            let allQuiet = now == seen
            var spellEnded = false
            for index in now.indices {
                if now[index] != seen[index] {
                    working[index] = true
                } else if working[index] {
                    // It stood still through this check: that kind of work has just stopped.
                    working[index] = false
                    spellEnded = true
                }
            }
            seen = now
            guard spellEnded || sinceTrim >= trimEvery else { continue }
            // Caches only when all is quiet: emptied under load, they would be refilled at once.
            if spellEnded, allQuiet { await releaseCaches() }
            trim()
            sinceTrim = .zero
        }
    }
}

/// Counts rounds of work that background services did (a batch indexed, a batch of recurrence
/// decisions), so that housekeeping can tell a daemon at work from a quiet one.
final class WorkMeter: Sendable {
    private let rounds = Atomic<Int>(0)

    func note() {
        rounds.add(1, ordering: .relaxed)
    }

    var count: Int {
        rounds.load(ordering: .relaxed)
    }
}
