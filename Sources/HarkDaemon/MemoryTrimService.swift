import ServiceLifecycle
import Synchronization

/// Hands memory the daemon no longer uses back to the system: unused heap (cheap with two arenas)
/// and resident code pages.
///
/// It does so every ten seconds, and half a second to a second after a spell of work ends (the
/// activity count stopped moving), so that a daemon between bursts sits at its idle size rather than
/// at the size of its last burst for up to ten seconds. Code in use comes back at its next call (a
/// minor fault per 64 KiB, a few hundred in all, well under a millisecond); code that ran once
/// (start-up, a rare path) stops counting.
struct MemoryTrimService: Service {
    /// A count that moves while the daemon works (the ingestor's commits, a ``WorkMeter``).
    let activity: @Sendable () -> Int
    /// Called before the heap is trimmed: the store's caches.
    let releaseCaches: @Sendable () async -> Void
    var checkEvery: Duration = .milliseconds(500)
    var trimEvery: Duration = .seconds(10)

    func run() async throws {
        await cancelWhenGracefulShutdown { await watch() }
    }

    /// The loop itself, until the task is cancelled.
    func watch() async {
        var seen = activity()
        var trimmedAt = seen
        var sinceTrim = Duration.zero
        while !Task.isCancelled {
            try? await Task.sleep(for: checkEvery)
            sinceTrim += checkEvery
            let now = activity()
            let quietAfterWork = now == seen && now != trimmedAt
            seen = now
            guard quietAfterWork || sinceTrim >= trimEvery else { continue }
            // Caches only when quiet: emptied under load, they would be refilled at once.
            if quietAfterWork { await releaseCaches() }
            MemoryTuning.trim()
            MemoryTuning.releaseCodePages()
            trimmedAt = now
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
