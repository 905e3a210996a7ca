import Foundation
import HarkMail
import HarkTesting
import Testing

/// Waiting for new mail: `IDLE` against Dovecot, its re-issue and cancellation, and `NOOP`
/// polling where the server has no `IDLE`.
@Suite struct IMAPIdleTests {
    @Test(.enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
    func idleWakesOnANewMessageWithinSeconds() async throws {
        try await IMAPTest.withDovecot { dovecot in
            try await dovecot.append(IMAPTest.message(1))
            let connection = try await IMAPConnection.connect(try IMAPTest.configuration(dovecot))
            _ = try await connection.select(.inbox)
            let started = ContinuousClock.now
            async let outcome = connection.idle(until: .now + .seconds(20))
            try await Task.sleep(for: .milliseconds(300))
            try await dovecot.append(IMAPTest.message(2))
            #expect(try await outcome == .newMessages(exists: 2))
            // The outcome says IDLE woke on the APPEND (not at its 20 s end); the time is only reported.
            let took = ContinuousClock.now - started
            print("note: IDLE woke \(took - .milliseconds(300)) after the APPEND")
            let batch = try await connection.uidFetch(IMAPSequenceSet([2]))
            #expect(batch.messages.first?.raw == IMAPTest.message(2))
            await connection.logout()
        }
    }

    @Test(.enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
    func idleIsReissuedTimesOutAndCanBeCancelled() async throws {
        try await IMAPTest.withDovecot { dovecot in
            var configuration = try IMAPTest.configuration(dovecot)
            configuration.timeouts.idleRestart = .milliseconds(500)
            let connection = try await IMAPConnection.connect(configuration)
            _ = try await connection.select(.inbox)
            let started = ContinuousClock.now
            #expect(try await connection.idle(until: .now + .seconds(2)) == .timedOut)
            #expect(ContinuousClock.now - started >= .seconds(2))

            // A message arriving after a few re-issues is still noticed.
            async let outcome = connection.idle(until: .now + .seconds(20))
            try await Task.sleep(for: .milliseconds(1_700))
            try await dovecot.append(IMAPTest.message(1))
            #expect(try await outcome == .newMessages(exists: 1))

            let task = Task { try await connection.idle(until: .now + .seconds(30)) }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let error = await IMAPTest.error { try await task.value }
            #expect(error?.code == .cancelled)
            // DONE was sent and answered: the connection goes on.
            #expect(try await connection.select(.inbox).exists == 1)
            await connection.logout()
        }
    }

    @Test func serversWithoutIdleArePolledWithNoop() async throws {
        let steps: [ScriptedIMAPServer.Step] = [
            .command("NOOP", reply: "{tag} OK nothing\r\n"),
            .command("NOOP", reply: "* 1 EXPUNGE\r\n{tag} OK one gone\r\n"),
            .command("NOOP", reply: "* 1 EXISTS\r\n{tag} OK one new\r\n"),
            .waitForClose(timeout: .seconds(5)),
        ]
        try await IMAPTest.withServer(ScriptedIMAPServer.loginAndExamine(capabilities: "IMAP4rev1") + steps) { server in
            var timeouts = IMAPTest.timeouts
            timeouts.pollInterval = .milliseconds(100)
            let connection = try await IMAPConnection.connect(try IMAPTest.configuration(server, timeouts: timeouts))
            _ = try await connection.select(.inbox)
            // 1 message, then 0 after the EXPUNGE, then 1 again: one new message.
            #expect(try await connection.idle(until: .now + .seconds(10)) == .newMessages(exists: 1))
            #expect(!server.record.commands.contains { $0.contains("IDLE") })
            connection.close()
        }
    }

    @Test func aCancelledIdleSendsDoneToAScriptedServer() async throws {
        let steps: [ScriptedIMAPServer.Step] = [
            .command("IDLE", reply: "+ idling\r\n* 1 RECENT\r\n"),
            .command("DONE", reply: ""),
            .send("{tag} OK idle done\r\n"),
            .command("NOOP", reply: "{tag} OK fine\r\n"),
            .waitForClose(timeout: .seconds(5)),
        ]
        try await IMAPTest.withServer(ScriptedIMAPServer.loginAndExamine() + steps) { server in
            let connection = try await IMAPConnection.connect(try IMAPTest.configuration(server))
            _ = try await connection.select(.inbox)
            let task = Task { try await connection.idle(until: .now + .seconds(30)) }
            // Cancelled once the server has the IDLE: a fixed pause loses that race on a busy machine,
            // and the script answers nothing else at that point.
            let deadline = ContinuousClock.now + .seconds(10)
            while !server.record.commands.contains(where: { $0.hasSuffix(" IDLE") }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            task.cancel()
            #expect(await IMAPTest.error { try await task.value }?.code == .cancelled)
            #expect(try await connection.noop() != nil)
            #expect(server.record.commands.contains("DONE"))
            connection.close()
        }
    }
}
