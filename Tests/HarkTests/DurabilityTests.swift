import Foundation
import HarkCore
import HarkStoreSQLite
import HarkTesting
import Synchronization
import Testing

/// A shared ticket counter for the sender's workers.
final class Counter: Sendable {
    private let value = Mutex(0)

    func take() -> Int {
        value.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}

/// reliability.md D1 (webhooks), D2 and D7: acknowledged means stored, exactly once, across kill -9.
///
/// Post-conditions of every run: lost = |acknowledged ∖ stored| = 0; duplicated = rows − distinct
/// external ids = 0; `PRAGMA integrity_check` = ok after every restart.
@Suite(.serialized) struct DurabilityTests {
    /// Sends `count` signed webhooks with 8 workers, each retried with the same delivery id until a
    /// 2xx; returns the acknowledged external ids. Bounded by `deadline`.
    static func send(
        _ d: TestDaemon, count: Int, prefix: String, pace: Duration, deadline: Duration
    ) async throws -> Set<String> {
        let next = Counter()
        let end = ContinuousClock.now + deadline
        return try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var acknowledged: [String] = []
                    while true {
                        let index = next.take()
                        guard index < count else { return acknowledged }
                        let id = "\(prefix)\(index)"
                        let body = TestDaemon.body(id: id, text: "durability \(index)")
                        while true {
                            guard ContinuousClock.now < end else { throw TestingError("sender passed its deadline") }
                            if let response = try? await d.postForms(body, deliveryID: "msg_\(id)"),
                                (200..<300).contains(response.status)
                            {
                                acknowledged.append(id)
                                break
                            }
                            try await Task.sleep(for: .milliseconds(25))
                        }
                        try await Task.sleep(for: pace)
                    }
                }
            }
            var all = Set<String>()
            for try await part in group { all.formUnion(part) }
            return all
        }
    }

    static func integrity(_ d: TestDaemon) throws -> [String] {
        let store = try SQLiteInboxStore(.init(path: d.daemon.databasePath))
        defer { try? store.close() }
        return try store.integrityCheck()
    }

    static func storedExternalIDs(_ d: TestDaemon) throws -> [String] {
        let output = try d.daemon.command(["export", "--format", "jsonl", "--config", d.daemon.configPath]).stdout
        return output.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["external_id"] as? String
        }
    }

    static func checkPostConditions(_ d: TestDaemon, acknowledged: Set<String>, expected: Int) throws {
        let stored = try storedExternalIDs(d)
        #expect(stored.count == Set(stored).count, "duplicated: \(stored.count - Set(stored).count)")
        #expect(acknowledged.subtracting(stored).isEmpty, "lost: \(acknowledged.subtracting(stored).count)")
        #expect(Set(stored).count == expected)
        #expect(try integrity(d) == ["ok"])
    }

    @Test func killNineStorm() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let count = 2000
        async let acknowledged = Self.send(d, count: count, prefix: "k", pace: .milliseconds(40), deadline: .seconds(240))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(Int.random(in: 200...900, using: &generator)))
            d.daemon.kill()
            #expect(try Self.integrity(d) == ["ok"])
            try await d.start()
        }
        let acks = try await acknowledged
        #expect(acks.count == count)
        try Self.checkPostConditions(d, acknowledged: acks, expected: count)
        try await d.daemon.stop()
    }

    static let crashPoints = ["after_read", "after_parse", "before_begin", "after_insert", "before_commit", "after_commit"]

    /// D2: the daemon dies at each instrumented point 20 times; the sender retries until 2xx.
    @Test(arguments: crashPoints)
    func crashAtInstrumentedPoint(_ point: String) async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        let crashEnvironment = ["HARK_CRASHPOINT": "\(point):3"]
        try await d.start(environment: crashEnvironment)
        let count = 200
        async let acknowledged = Self.send(d, count: count, prefix: "c", pace: .milliseconds(5), deadline: .seconds(120))
        // Restart whenever it died; the first 20 restarts die again at the point (possibly before
        // the health check answers, which counts as a crash too).
        var crashes = 0
        let end = ContinuousClock.now + .seconds(120)
        while crashes < 20, ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(20))
            guard let process = d.daemon.process, !process.isRunning else { continue }
            crashes += 1
            #expect(process.terminationSignal == SIGKILL)
            #expect(try Self.integrity(d) == ["ok"])
            try? await d.daemon.start(environment: crashes < 20 ? crashEnvironment : [:])
        }
        if let process = d.daemon.process, !process.isRunning { try await d.start() }
        let acks = try await acknowledged
        #expect(crashes == 20)
        try Self.checkPostConditions(d, acknowledged: acks, expected: count)
        try await d.daemon.stop()
    }
}

/// D7: webhook redelivery at scale.
@Suite struct RedeliveryTests {
    @Test func everyEventFiveTimesAtOnceThenLaterThenChanged() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let events = 1000
        let next = Counter()
        // 1,000 events, each sent 5 times concurrently with the same id.
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var seen: [Int] = []
                    while true {
                        let event = next.take()
                        guard event < events else { return seen }
                        let body = TestDaemon.body(id: "d7-\(event)", text: "redelivery \(event)")
                        try await withThrowingTaskGroup(of: Int.self) { copies in
                            for _ in 0..<5 {
                                copies.addTask { try await d.postForms(body, deliveryID: "msg_d7_\(event)").status }
                            }
                            for try await status in copies { seen.append(status) }
                        }
                    }
                }
            }
            var all: [Int] = []
            for try await part in group { all += part }
            return all
        }
        #expect(statuses.count == events * 5)
        #expect(statuses.allSatisfy { $0 == 202 })
        // Once more "an hour later": a fresh, valid timestamp; the delivery id is kept for ever.
        for event in stride(from: 0, to: events, by: 50) {
            let body = TestDaemon.body(id: "d7-\(event)", text: "redelivery \(event)")
            let later = try await d.postForms(body, deliveryID: "msg_d7_\(event)", timestamp: Date().addingTimeInterval(2))
            #expect(later.status == 202)
            #expect(later.json["duplicate"] as? Bool == true)
            // Same id, different body: 409, quarantined and audited, the original unchanged.
            let changed = try await d.postForms(
                TestDaemon.body(id: "d7-\(event)", text: "tampered"), deliveryID: "msg_d7_\(event)")
            #expect(changed.status == 409)
        }
        let stored = try DurabilityTests.storedExternalIDs(d)
        #expect(stored.count == events)
        #expect(Set(stored).count == events)
        let quarantine = try d.daemon.command(["quarantine", "list", "--limit", "1000", "--config", d.daemon.configPath])
        #expect(quarantine.stdout.split(separator: "\n").filter { $0.contains("delivery_conflict") }.count == events / 50)
        try await d.daemon.stop()
    }
}
