import Foundation
import HarkMail
import HarkTesting
import Testing

/// The client against a hostile IMAP server on loopback (reliability.md H7): each attack ends
/// in a clear error or a bounded, reported result, within the time limits, and nothing partial
/// is returned.
@Suite struct IMAPHostileServerTests {
    typealias Step = ScriptedIMAPServer.Step

    /// Short limits, so that stalls end in seconds, yet long enough that a loaded machine's
    /// scheduling delays before the hostile part (greeting, login, EXAMINE) do not trip them: with
    /// 1 s of inactivity a full clean-clone run once timed out at EXAMINE.
    static let quick = IMAPTimeouts(connect: .seconds(5), command: .seconds(6), inactivity: .seconds(3))
    /// For data that never stops: the command limit (3 s) ends it, inactivity never does.
    static let commandBound = IMAPTimeouts(connect: .seconds(5), command: .seconds(3), inactivity: .seconds(3))

    /// Connects to a scripted server that logs in and answers `EXAMINE`, then plays `steps`,
    /// and runs `body` with the connection (mailbox selected).
    static func session(
        _ steps: [Step],
        capabilities: String = "IMAP4rev1 IDLE",
        timeouts: IMAPTimeouts = quick,
        limits: IMAPLimits = IMAPLimits(),
        _ body: (IMAPConnection, ScriptedIMAPServer) async throws -> Void
    ) async throws {
        let script =
            ScriptedIMAPServer.loginAndExamine(capabilities: capabilities) + steps + [
                .waitForClose(timeout: .seconds(5))
            ]
        try await IMAPTest.withServer(script) { server in
            let configuration = try IMAPTest.configuration(server, timeouts: timeouts, limits: limits)
            let connection = try await IMAPConnection.connect(configuration)
            _ = try await connection.select(.inbox)
            try await body(connection, server)
            connection.close()
        }
    }

    /// The error of fetching UIDs 1:10, and how long it took.
    static func fetchError(_ connection: IMAPConnection) async -> (IMAPError?, Duration) {
        let started = ContinuousClock.now
        let error = await IMAPTest.error { try await connection.uidFetch(IMAPSequenceSet(1...10)) }
        return (error, ContinuousClock.now - started)
    }

    @Test func aFourGigabyteLiteralThatStallsTimesOut() async throws {
        let steps: [Step] = [
            .command("UID", reply: "* 1 FETCH (UID 1 BODY[] {4294967295}\r\n"),
            .filler(count: 8 << 20, byte: 0x61),
            .pause(.seconds(10)),
        ]
        try await Self.session(steps) { connection, _ in
            let (error, _) = await Self.fetchError(connection)
            #expect(error?.code == .timeout, "\(String(describing: error))")
            // The server's 10 s pause would have ended it as connection_lost: the code tells.
            // The stream is in an unknown place now: the connection refuses further commands.
            let after = await IMAPTest.error { try await connection.noop() }
            #expect(after?.code == .connectionLost)
        }
    }

    @Test func aFourGigabyteLiteralThatFlowsEndsAtTheCommandTimeout() async throws {
        let steps: [Step] = [
            .command("UID", reply: "* 1 FETCH (UID 1 BODY[] {4294967295}\r\n"),
            .filler(count: Int(UInt32.max), byte: 0x61),
        ]
        try await Self.session(steps, timeouts: Self.commandBound) { connection, _ in
            let (error, took) = await Self.fetchError(connection)
            #expect(error?.code == .timeout, "\(String(describing: error))")
            #expect(took < .seconds(120), "the data never stops, yet the 3 s command limit holds (a hang bound)")
            // How much of the 4 GiB was sent before the limit depends on the machine's speed (an idle
            // one drains it all in 3 s); either way the command ends as a timeout, never a message.
        }
    }

    @Test func aFiveHundredMegabyteMessageIsDrainedAndReportedTooLarge() async throws {
        let size = 500 << 20
        let steps: [Step] = [
            .command(
                "UID",
                reply: "* 1 FETCH (UID 3 INTERNALDATE \"01-Jan-2025 10:00:00 +0000\" "
                    + "RFC822.SIZE \(size) BODY[] {\(size)}\r\n"
            ),
            .filler(count: size, byte: 0x61),
            .send(")\r\n* 2 FETCH (UID 4 RFC822.SIZE 5 BODY[] {5}\r\nhello)\r\n{tag} OK done\r\n"),
            .command("NOOP", reply: "{tag} OK still fine\r\n"),
        ]
        let timeouts = IMAPTimeouts(connect: .seconds(5), command: .seconds(120), inactivity: .seconds(10))
        try await Self.session(steps, timeouts: timeouts) { connection, server in
            let before = IMAPTest.residentBytes()
            let batch = try await connection.uidFetch(IMAPSequenceSet(1...10))
            let growth = IMAPTest.residentBytes() - before
            #expect(
                batch.tooLarge == [
                    IMAPMessageSummary(uid: 3, internalDate: Date(timeIntervalSince1970: 1_735_725_600), size: size)
                ]
            )
            #expect(batch.messages.map(\.uid) == [4])
            #expect(batch.messages.first?.raw == Data("hello".utf8))
            #expect(batch.highestCompleteUID == 4)
            #expect(try await connection.noop() != nil, "the connection stays usable")
            #expect(server.record.bytesSent > size)
            print("note: the resident set grew by \(growth >> 20) MiB while a 500 MB literal drained (whole process)")
        }
    }

    @Test func anEndlessUntaggedStreamEndsAtTheResponseCount() async throws {
        var limits = IMAPLimits()
        limits.maximumUntaggedResponses = 10_000
        let steps: [Step] = [.command("UID", reply: ""), .repeated("* OK [ALERT] more\r\n", times: 2_000_000)]
        let timeouts = IMAPTimeouts(connect: .seconds(5), command: .seconds(20), inactivity: .seconds(5))
        try await Self.session(steps, timeouts: timeouts, limits: limits) { connection, _ in
            let (error, _) = await Self.fetchError(connection)
            #expect(error?.code == .protocolError, "\(String(describing: error))")
            #expect(error?.message.contains("untagged") == true)
        }
    }

    @Test func anEndlessUntaggedDripEndsAtTheCommandTimeout() async throws {
        let steps: [Step] = [
            .command("UID", reply: ""), .drip(String(repeating: "* OK x\r\n", count: 100), interval: .milliseconds(50)),
        ]
        try await Self.session(steps, timeouts: Self.commandBound) { connection, _ in
            let (error, took) = await Self.fetchError(connection)
            #expect(error?.code == .timeout, "\(String(describing: error))")
            #expect(took >= .seconds(3), "the 3 s limit ended a 40 s drip after \(took)")
        }
    }

    @Test func aLineWithoutCRLFHitsTheLineLimitOrTheTimeout() async throws {
        var limits = IMAPLimits()
        limits.maximumLineLength = 1 << 20
        try await Self.session([.command("UID", reply: ""), .filler(count: 4 << 20, byte: 0x2a)], limits: limits) {
            connection,
            _ in
            let (error, _) = await Self.fetchError(connection)
            #expect(error?.code == .protocolError, "\(String(describing: error))")
        }
        try await Self.session([.command("UID", reply: "* 1 FETCH (UID 1"), .pause(.seconds(10))]) { connection, _ in
            let (error, _) = await Self.fetchError(connection)
            #expect(error?.code == .timeout, "\(String(describing: error))")
            // The server's 10 s pause would have ended it as connection_lost: the code tells.
        }
    }

    @Test func aLiteralLongerThanAnnouncedIsAProtocolError() async throws {
        let reply = "* 1 FETCH (UID 1 BODY[] {3}\r\nabcdef)\r\n{tag} OK done\r\n"
        try await Self.session([.command("UID", reply: reply)]) { connection, _ in
            let (error, _) = await Self.fetchError(connection)
            #expect(error?.code == .protocolError, "\(String(describing: error))")
        }
    }

    @Test func aWrongTagIsAProtocolError() async throws {
        let reply = "* 1 FETCH (UID 1 BODY[] {2}\r\nok)\r\nX999 OK done\r\n"
        try await Self.session([.command("UID", reply: reply)]) { connection, _ in
            let (error, _) = await Self.fetchError(connection)
            #expect(error?.code == .protocolError, "\(String(describing: error))")
            #expect(error?.message.contains("tag") == true)
        }
    }

    @Test func byeMidFetchLosesTheConnectionAndReturnsNothingPartial() async throws {
        let reply = "* 1 FETCH (UID 1 BODY[] {5}\r\nhello)\r\n* BYE server shutting down\r\n"
        try await Self.session([.command("UID", reply: reply)]) { connection, _ in
            let (error, _) = await Self.fetchError(connection)
            #expect(error?.code == .connectionLost, "\(String(describing: error))")
            #expect(error?.message.contains("BYE") == true)
            // A time limit would have given `timeout`: the code tells that the BYE ended it.
        }
        try await Self.session([.command("UID", reply: "* 1 FETCH (UID 1 BODY[] {500}\r\nhalf")]) {
            connection,
            server in
            server.stop()
            let (error, _) = await Self.fetchError(connection)
            #expect(error?.code == .connectionLost || error?.code == .timeout, "\(String(describing: error))")
        }
    }

    @Test func uidValidityChurnIsReported() async throws {
        let steps: [Step] = [
            .command("EXAMINE", reply: "* 1 EXISTS\r\n* OK [UIDVALIDITY 8] changed\r\n{tag} OK done\r\n"),
            .command("EXAMINE", reply: "* 1 EXISTS\r\n* OK [UIDVALIDITY 9] changed\r\n{tag} OK done\r\n"),
            .command(
                "UID",
                reply: "* 1 FETCH (UID 1 BODY[] {2}\r\nok)\r\n* OK [UIDVALIDITY 10] again\r\n{tag} OK done\r\n"
            ),
            .command("NOOP", reply: "{tag} OK fine\r\n"),
        ]
        try await Self.session(steps) { (connection, _) async throws in
            let first = await IMAPTest.error { try await connection.select(.inbox, expectedUIDValidity: 7) }
            #expect(first?.code == .uidValidityChanged)
            #expect(try await connection.select(.inbox).uidValidity == 9)
            let (during, _) = await Self.fetchError(connection)
            #expect(during?.code == .uidValidityChanged, "\(String(describing: during))")
            #expect(try await connection.noop() == nil, "the mailbox must be selected again")
        }
    }

    @Test func aCancelledFetchEndsPromptly() async throws {
        try await Self.session(
            [.command("UID", reply: "* 1 FETCH (UID 1"), .pause(.seconds(10))],
            timeouts: IMAPTest.timeouts
        ) {
            connection,
            _ in
            let task = Task { try await connection.uidFetch(IMAPSequenceSet(1...10)) }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let error = await IMAPTest.error { try await task.value }
            // Inactivity (20 s) or the server (10 s) would end it later with another error
            // (timeout, connection_lost): the code alone tells that the cancellation ended it.
            #expect(error?.code == .cancelled)
        }
    }

    @Test func aCancelledConnectEndsPromptly() async throws {
        // A listener that never answers: libcurl waits for a greeting until the connect timeout
        // (a minute here), but the caller is answered as soon as it cancels.
        try await IMAPTest.withServer([.pause(.seconds(30))]) { server in
            var timeouts = IMAPTest.timeouts
            timeouts.connect = .seconds(60)
            let configuration = try IMAPTest.configuration(server, timeouts: timeouts)
            let task = Task { try await IMAPConnection.connect(configuration) }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let error = await IMAPTest.error { try await task.value }
            // The connect timeout (60 s) or the server (30 s) would end it later with another error
            // (timeout, connect_error): the code alone tells that the cancellation ended it.
            #expect(error?.code == .cancelled)
        }
    }
}
