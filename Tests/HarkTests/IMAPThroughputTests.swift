import Foundation
import HarkMail
import HarkTesting
import Testing

/// Fetch throughput on one connection to a loopback Dovecot: measured and printed, not asserted
/// (the 4,000 messages/s target of issue 4 is for the whole pipeline, in a release build, in
/// `bench/`).
@Suite(.enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
struct IMAPThroughputTests {
    @Test func measuresFetchingTwoThousandSmallMessages() async throws {
        try await IMAPTest.withDovecot { dovecot in
            let messages = (1...2_000).map { IMAPTest.message($0, padding: 1_000 + $0 % 1_500) }
            let appendStart = ContinuousClock.now
            try await dovecot.append(messages)
            let appendTook = ContinuousClock.now - appendStart
            for (security, batchSize) in [(IMAPConfiguration.Security.none, 100), (.none, 500), (.tls, 100)] {
                let connection = try await IMAPConnection.connect(
                    try IMAPTest.configuration(dovecot, security: security)
                )
                let started = ContinuousClock.now
                let status = try await connection.select(.inbox)
                let uids = try await connection.uidSearch(from: 1)
                var count = 0
                var bytes = 0
                for start in stride(from: 0, to: uids.count, by: batchSize) {
                    let batch = try await connection.uidFetch(
                        IMAPSequenceSet(uids[start..<min(uids.count, start + batchSize)])
                    )
                    count += batch.messages.count
                    bytes += batch.messages.reduce(0) { $0 + $1.raw.count }
                }
                let seconds = Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000
                #expect(count == 2_000 && status.exists == 2_000)
                let rate = Int(Double(count) / seconds)
                let megabytes = Double(bytes) / 1_048_576
                let mode = security == .tls ? "TLS" : "plain"
                let size = String(format: "%.1f MiB", megabytes)
                let time = String(format: "%.3f s", seconds)
                let speed = String(format: "%.1f MiB/s", megabytes / seconds)
                print(
                    "note: IMAP fetch, \(mode), batches of \(batchSize): \(count) messages (\(size)) in \(time) = "
                        + "\(rate) messages/s (\(speed), debug build; appending took \(appendTook))"
                )
                await connection.logout()
            }
        }
    }
}
