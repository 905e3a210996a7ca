import Foundation
import Synchronization

/// Runs blocking libcurl work on a thread of its own, never on Swift's cooperative pool, and
/// lets the awaiting task ask it to stop.
enum TransferThread {
    /// Runs `work` on a new thread and returns its result. The thread ends with the work.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: work())
            }
            thread.name = "hark-curl-transfer"
            thread.start()
        }
    }
}

/// The flag a cancelled task sets and the transfer's callbacks read.
final class TransferControl: Sendable {
    private let cancelled = Atomic<Bool>(false)

    /// Asks the transfer to stop at its next callback.
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Whether ``cancel()`` was called.
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}
