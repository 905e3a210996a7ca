import Dispatch
import Foundation
import Synchronization

/// The flag a cancelled task sets and the connection's thread reads between waits.
final class IMAPJobControl: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Asks the running job to stop at its next wait (within about 100 ms).
    func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether ``cancel()`` was called.
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// What lives on a connection's thread and only there: the session with its libcurl handle.
final class IMAPThreadState {
    var session: IMAPSession?
}

/// The one thread of an IMAP connection, running its jobs in order. Blocking libcurl and
/// `poll` calls happen here, never on Swift's cooperative pool.
final class IMAPWorker: Sendable {
    private struct Queue {
        var jobs: [(control: IMAPJobControl, work: @Sendable (IMAPThreadState) -> Void)] = []
        var running: IMAPJobControl?
        var stopped = false
    }

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)

    /// Starts the thread.
    static func start(name: String) -> IMAPWorker {
        let worker = IMAPWorker()
        let thread = Thread { [worker] in worker.loop() }
        thread.name = name
        thread.start()
        return worker
    }

    private init() {}

    /// Runs `work` on the thread after the jobs before it; `nil` when the worker was stopped.
    /// Cancelling the calling task sets `control`, which the work polls; with
    /// `abandonOnCancel`, the caller also stops waiting at once (for a libcurl connect, which
    /// cannot be interrupted) and the work's result is dropped when it comes.
    func submit<T: Sendable>(
        abandonOnCancel: Bool = false,
        _ work: @escaping @Sendable (IMAPThreadState, IMAPJobControl) -> T
    ) async -> T? {
        let control = IMAPJobControl()
        let answer = IMAPAnswer<T>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
                answer.wait(with: continuation)
                let accepted = queue.withLock { queue -> Bool in
                    guard !queue.stopped else { return false }
                    queue.jobs.append((control, { state in answer.give(work(state, control)) }))
                    return true
                }
                if accepted {
                    wake.signal()
                } else {
                    answer.give(nil)
                }
            }
        } onCancel: {
            control.cancel()
            if abandonOnCancel { answer.give(nil) }
        }
    }

    /// Stops the thread once the jobs already queued are done; they and the running job are
    /// asked to stop (cancelled). The session (and its socket) is closed on the thread.
    /// Idempotent.
    func stop() {
        let controls = queue.withLock { queue -> [IMAPJobControl] in
            queue.stopped = true
            return queue.jobs.map(\.control) + (queue.running.map { [$0] } ?? [])
        }
        for control in controls { control.cancel() }
        wake.signal()
    }

    private func loop() {
        let state = IMAPThreadState()
        while true {
            wake.wait()
            let next = queue.withLock { queue -> (IMAPJobControl, @Sendable (IMAPThreadState) -> Void)?? in
                if queue.jobs.isEmpty { return queue.stopped ? .some(nil) : nil }
                let job = queue.jobs.removeFirst()
                queue.running = job.control
                return job
            }
            switch next {
            case nil:
                continue
            case .some(nil):
                state.session = nil
                return
            case .some(.some(let job)):
                job.1(state)
                queue.withLock { $0.running = nil }
            }
        }
    }
}

/// A job's answer, given once: by the job, or early (as `nil`) when its caller stops waiting.
final class IMAPAnswer<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T?, Never>?
        var value: T??
    }

    private let state = Mutex(State())

    /// Sets the continuation to resume; at once if the answer is already there.
    func wait(with continuation: CheckedContinuation<T?, Never>) {
        let ready = state.withLock { state -> T?? in
            guard let value = state.value else {
                state.continuation = continuation
                return nil
            }
            return .some(value)
        }
        if let ready { continuation.resume(returning: ready) }
    }

    /// Gives the answer; later answers are dropped.
    func give(_ value: T?) {
        let continuation = state.withLock { state -> CheckedContinuation<T?, Never>? in
            guard state.value == nil else { return nil }
            state.value = .some(value)
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: value)
    }
}
