import Foundation
import HarkCore
import HarkStore
import HarkStoreSQLite
import HarkTesting
import Testing

/// The mail source inside the real `hark` daemon, reading a real Dovecot: a kill -9 in the middle
/// of a 2,000-message first sync loses nothing and duplicates nothing after the restart, and
/// `hark sources` shows the mailbox's position.
@Suite(.enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
struct MailDaemonTests {
    static func config(_ dovecot: Dovecot, batch: Int) -> String {
        """
        server: { listen: "127.0.0.1:{{PORT}}" }
        storage: { sqlite: { path: "{{DB}}" }, disk_reserve_mib: 0 }
        network: { allow_cidrs: ["\(dovecot.host):\(dovecot.port)"] }
        sources:
          - { id: "support", kind: "imap", url: "imap://\(dovecot.host):\(dovecot.port)/INBOX", username: "\(dovecot.user)",
              password_file: "imap", tls: "none", interval: "5s" }
        limits: { mail_batch_messages: \(batch) }
        """
    }

    static func count(_ daemon: DaemonProcess) async throws -> Int {
        let store = try SQLiteInboxStore(.init(path: daemon.databasePath, readonly: true))
        defer { try? store.close() }
        return try await store.statistics().mentions
    }

    /// Waits (bounded) until `condition` holds, checking every 100 ms.
    static func wait(upTo limit: Duration, _ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestingError("gave up after \(limit) waiting for \(what)")
    }

    /// The daemon kills itself (SIGKILL) at a point of the mail source or the store, five times
    /// during the first sync of 2,000 messages, restarting each time; afterwards every message is
    /// in exactly once.
    @Test(arguments: ["mail_after_fetch", "mail_after_commit", "before_commit"])
    func killNineDuringATwoThousandMessageSync(_ point: String) async throws {
        try await IMAPTest.withDovecot { dovecot in
            let messages = (1...2_000).map { IMAPTest.message($0, padding: $0 * 61 % 6000, messageID: $0 % 9 != 0) }
            try await dovecot.append(messages)
            let daemon = try DaemonProcess(config: Self.config(dovecot, batch: 40), credentials: ["imap": dovecot.password])
            defer { daemon.kill() }
            let crash = ["HARK_CRASHPOINT": "\(point):7"]
            try? await daemon.start(environment: crash)
            var crashes = 0
            var counts: [Int] = []
            let end = ContinuousClock.now + .seconds(300)
            while crashes < 5, ContinuousClock.now < end {
                try await Task.sleep(for: .milliseconds(50))
                guard let process = daemon.process, !process.isRunning else { continue }
                crashes += 1
                #expect(process.terminationSignal == SIGKILL)
                counts.append(try await Self.count(daemon))
                try? await daemon.start(environment: crashes < 5 ? crash : [:])
            }
            #expect(crashes == 5)
            #expect(counts.last.map { $0 < 2_000 } ?? false, "the crashes came during the sync: \(counts)")
            if let process = daemon.process, !process.isRunning { try await daemon.start() }
            try await Self.wait(upTo: .seconds(300), "all 2,000 messages") { try await Self.count(daemon) >= 2_000 }
            // One more interval, so that anything read twice would have shown up.
            try await Task.sleep(for: .seconds(6))
            let exported = try daemon.command(["export", "--format", "jsonl", "--config", daemon.configPath]).stdout
                .split(separator: "\n")
            #expect(exported.count == 2_000, "0 lost, 0 duplicated (counts at the crashes: \(counts))")
            let store = try SQLiteInboxStore(.init(path: daemon.databasePath, readonly: true))
            #expect(try store.integrityCheck() == ["ok"])
            try? store.close()

            let sources = try daemon.command(["sources", "--json", "--config", daemon.configPath]).stdout
            let line = try #require(try JSONSerialization.jsonObject(with: Data(sources.utf8)) as? [String: Any])
            let mailbox = try #require((line["mailboxes"] as? [[String: Any]])?.first)
            #expect(mailbox["name"] as? String == "INBOX")
            #expect(mailbox["last_uid"] as? Int == 2_000)
            #expect(mailbox["uidvalidity"] as? Int == Int(try await dovecot.uidValidity()))
            #expect(line["kind"] as? String == "imap")
            #expect(line["last_success_at"] is String)
            _ = try await daemon.stop()
        }
    }

    @Test func harkPollOverTLSShowsProgressAndReadsEachMessageOnce() async throws {
        try await IMAPTest.withDovecot { dovecot in
            try await dovecot.append((1...300).map { IMAPTest.message($0, padding: $0 * 17 % 900) })
            let config = """
                storage: { sqlite: { path: "{{DB}}" }, disk_reserve_mib: 0 }
                network: { allow_cidrs: ["\(dovecot.host):\(dovecot.tlsPort)"] }
                sources:
                  - { id: "support", kind: "imap", url: "imaps://\(dovecot.host):\(dovecot.tlsPort)/INBOX",
                      username: "\(dovecot.user)", password_file: "imap", ca_file: "\(dovecot.certificatePath)" }
                  - { id: "wrong", kind: "imap", url: "imaps://\(dovecot.host):\(dovecot.tlsPort)/INBOX",
                      username: "\(dovecot.user)", password_file: "wrong", ca_file: "\(dovecot.certificatePath)" }
                limits: { mail_batch_messages: 50 }
                """
            let daemon = try DaemonProcess(config: config, credentials: ["imap": dovecot.password, "wrong": "not-it"])
            let first = try daemon.command(["poll", "support", "--config", daemon.configPath])
            #expect(first.status == 0, "\(first.stderr)")
            // Not a terminal: plain progress lines, one per tenth at most.
            let progress = first.stderr.split(separator: "\n").filter { $0.hasPrefix("INBOX: ") }
            #expect(progress.last == "INBOX: 300/300 messages", "\(first.stderr)")
            #expect((2...11).contains(progress.count), "\(progress)")
            #expect(first.stderr.contains("support: ok, 300 new or edited items"), "\(first.stderr)")
            #expect(try await Self.count(daemon) == 300)

            let second = try daemon.command(["poll", "support", "--config", daemon.configPath])
            #expect(second.status == 0 && second.stderr.contains("support: ok, 0 new or edited items"), "\(second.stderr)")

            // A dry run prints the new messages as drafts and stores nothing.
            try await dovecot.append([IMAPTest.message(301), IMAPTest.message(302)])
            let dry = try daemon.command(["poll", "support", "--dry-run", "--config", daemon.configPath])
            #expect(dry.status == 0, "\(dry.stderr)")
            let drafts = dry.stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(drafts.compactMap { $0["external_id"] as? String }.sorted() == ["m301@example.com", "m302@example.com"])
            #expect(drafts.allSatisfy { $0["channel"] as? String == "mail" })
            #expect(try await Self.count(daemon) == 300)

            // A refused login is an error on the source, with its code, and exit status 1.
            let refused = try daemon.command(["poll", "wrong", "--config", daemon.configPath])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("wrong: auth_failed"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("not-it"), "the password never reaches the output")
            let table = try daemon.command(["sources", "--config", daemon.configPath]).stdout
            #expect(table.contains("folder INBOX: uidvalidity"), "\(table)")
            #expect(table.contains("through uid 300"), "\(table)")
        }
    }
}
