import Foundation

/// Politeness: at most one request at a time per host, with a minimum gap between the end of one
/// request and the start of the next. Feeds of different hosts never wait for each other.
public actor HostGate {
    private struct Host {
        var busy = false
        var lastEnd: ContinuousClock.Instant?
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The least time between two requests to one host.
    public let minimumGap: Duration
    private var hosts: [String: Host] = [:]

    public init(minimumGap: Duration = .seconds(2)) {
        self.minimumGap = minimumGap
    }

    /// Runs `body` as the only request to `host`, after the politeness gap.
    public func withHost<T: Sendable>(
        _ host: String, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        await acquire(host)
        defer { release(host) }
        if let lastEnd = hosts[host]?.lastEnd {
            let wait = lastEnd + minimumGap - ContinuousClock.now
            if wait > .zero { try await Task.sleep(for: wait) }
        }
        return try await body()
    }

    private func acquire(_ host: String) async {
        if hosts[host, default: Host()].busy {
            await withCheckedContinuation { hosts[host, default: Host()].waiters.append($0) }
        }
        hosts[host, default: Host()].busy = true
    }

    private func release(_ host: String) {
        var entry = hosts[host, default: Host()]
        entry.lastEnd = .now
        if entry.waiters.isEmpty {
            entry.busy = false
            hosts[host] = entry
        } else {
            // Hand the host straight to the next waiter (it stays busy).
            let next = entry.waiters.removeFirst()
            hosts[host] = entry
            next.resume()
        }
    }
}
