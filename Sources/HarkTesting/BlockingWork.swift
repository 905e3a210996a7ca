import Foundation

/// Runs blocking test-support work (processes, sockets, waits) on a thread of its own, so that
/// it never holds one of the few threads of Swift's cooperative pool that the code under test
/// needs (on a 2-core machine, two blocked tests would stall every other one).
enum BlockingWork {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = "hark-test-blocking"
            thread.start()
        }
    }
}
