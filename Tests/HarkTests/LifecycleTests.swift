import Foundation
import HarkCore
import HarkTesting
import HarkWebhooks
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The daemon as a service: SIGTERM drains and exits 0, SIGHUP reloads, systemd hears READY,
/// WATCHDOG and STOPPING over `$NOTIFY_SOCKET`.
@Suite struct LifecycleTests {
    @Test func sigtermDrainsInFlightRequestsAndExitsZero() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        // 200 webhooks in flight while SIGTERM arrives: each gets 202 (stored) or 503/a closed
        // connection (not acknowledged); every 202 must be in the store afterwards.
        let acknowledged = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let response = try? await d.postForms(TestDaemon.body(id: "t\(index)", text: "x"), deliveryID: "msg_t\(index)")
                    return response?.status == 202 ? "t\(index)" : nil
                }
            }
            try await Task.sleep(for: .milliseconds(30))
            let (status, took) = try await d.daemon.stop()
            #expect(status == 0)
            #expect(took < .seconds(10))
            var ids: [String] = []
            for try await id in group { if let id { ids.append(id) } }
            return ids
        }
        #expect(d.daemon.log().contains("stopped"))
        // Restart on the same store: every acknowledged delivery is there, none twice.
        try await d.start()
        let stored = try d.daemon.command(["export", "--format", "jsonl", "--config", d.daemon.configPath]).stdout
        let externalIDs = stored.split(separator: "\n").compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["external_id"] as? String
        }
        #expect(Set(externalIDs).count == externalIDs.count)
        #expect(Set(acknowledged).isSubset(of: Set(externalIDs)))
        try await d.daemon.stop()
    }

    @Test func sighupRotatesSecretsWithoutRestart() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        func post(_ secret: String, _ id: String) async throws -> Int {
            let body = try JSONSerialization.data(
                withJSONObject: ["action": "opened", "issue": ["id": Int(id.dropFirst()) ?? 1, "number": 1, "title": "Broken", "body": "It broke", "html_url": "https://github.com/o/r/issues/1", "user": ["login": "kari"], "created_at": "2026-11-20T10:00:00Z"], "repository": ["full_name": "o/r"]])
            let headers = [
                "Content-Type": "application/json", "X-GitHub-Event": "issues", "X-GitHub-Delivery": "d-\(id)",
                "X-Hub-Signature-256": try WebhookSigner.github(secret: WebhookSecret(secret), body: body),
            ]
            return try await d.daemon.request("POST", "/hooks/gh", headers: headers, body: body).status
        }
        // W4: old and new secrets both active.
        #expect(try await post("old-github-secret", "a1") == 202)
        #expect(try await post("new-github-secret", "a2") == 202)
        #expect(try await post("neither", "a3") == 401)
        // Remove the old secret and reload with SIGHUP.
        try d.daemon.writeConfig(
            TestDaemon.config().replacingOccurrences(of: "[{ file: \"gh-old\" }, { file: \"gh-new\" }]", with: "[{ file: \"gh-new\" }]"))
        d.daemon.signal(SIGHUP)
        var reloaded = false
        for _ in 0..<100 where !reloaded {
            try await Task.sleep(for: .milliseconds(50))
            reloaded = d.daemon.log().contains("configuration reloaded")
        }
        #expect(reloaded)
        #expect(try await post("old-github-secret", "a4") == 401)
        #expect(try await post("new-github-secret", "a5") == 202)
        // A broken configuration is refused and the running one kept.
        try d.daemon.writeConfig("server: [broken")
        d.daemon.signal(SIGHUP)
        try await Task.sleep(for: .milliseconds(300))
        #expect(d.daemon.log().contains("reload refused"))
        #expect(try await post("new-github-secret", "a6") == 202)
        try await d.daemon.stop()
    }

    @Test func tellsSystemdReadyWatchdogAndStopping() async throws {
        let listener = try NotifyListener()
        defer { listener.close() }
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start(environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "300000"])
        var messages: [String] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, !messages.contains("WATCHDOG=1") {
            messages += listener.receive()
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(messages.first == "READY=1")
        #expect(messages.contains("WATCHDOG=1"))
        // Keep draining while it stops: the kernel queues only a few datagrams per socket.
        async let stopped = d.daemon.stop()
        let stopDeadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < stopDeadline, !messages.contains("STOPPING=1") {
            messages += listener.receive()
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try await stopped.status == 0)
        #expect(messages.contains("STOPPING=1"), "log: \(d.daemon.log())")
    }

    @Test func startupFailsClearlyOnABadStorePath() async throws {
        let d = try TestDaemon(config: TestDaemon.config().replacingOccurrences(of: "{{DB}}", with: "/proc/hark/x.sqlite"))
        let result = try d.daemon.command(["serve", "--config", d.daemon.configPath])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot open the SQLite store"))
    }
}

/// A Unix datagram socket standing in for systemd's notification socket.
///
/// A dedicated thread drains it, as systemd does: the kernel queues only a few datagrams per
/// socket, and a test's task may not run for a while on a busy machine.
final class NotifyListener: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let received = Mutex<[String]>([])
    private let open = Mutex(true)

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw TestingError("bind \(path) failed") }
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [self] in drain() }
        thread.start()
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while open.withLock({ $0 }) {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            let lines = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n").map(String.init)
            received.withLock { $0 += lines }
        }
    }

    /// Every message received since the last call.
    func receive() -> [String] {
        received.withLock { messages in
            defer { messages.removeAll() }
            return messages
        }
    }

    func close() {
        open.withLock { $0 = false }
        usleep(100_000)
        Glibc.close(fd)
        unlink(path)
    }
}
