import Foundation
import HarkCore
import HarkCurl
import HarkMail
import HarkTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The libcurl SMTP sender against a real SMTP server (aiosmtpd, Tests/smtp/sink.py): exact bytes
/// and envelope delivered, dot-lines intact, smuggling shapes refused before anything is sent,
/// 4xx and 5xx told apart, the address guard, time-outs and cancellation, and one hostile
/// acknowledgement end to end.
@Suite struct SMTPSenderTests {
    /// Runs `body` with a fresh sink, stopped afterwards whatever happens; skipped with a note
    /// when this machine has no Python to run it (a Python that is there but cannot be set up is
    /// a failure).
    /// Runs `body` with a fresh sink (with STARTTLS and AUTH when asked), stopped afterwards.
    static func withSink(
        tls: Bool = false, login: (user: String, password: String)? = nil, _ body: (SMTPSink) async throws -> Void
    ) async throws {
        if let missing = SMTPSink.missingPython() {
            print("note: an SMTP test was skipped: \(missing)")
            return
        }
        let sink = try await SMTPSink.start(python: try await SMTPSink.python(), tls: tls, login: login)
        do {
            try await body(sink)
        } catch {
            print("smtp sink log tail:\n\(sink.log().suffix(2000))")
            await sink.stop()
            throw error
        }
        await sink.stop()
    }

    static func sender(_ sink: SMTPSink, requireTLS: Bool = false, timeout: Duration = .seconds(30)) throws
        -> SMTPSender
    {
        SMTPSender(
            policy: try AddressPolicy(allowing: [sink.allowEntry]),
            settings: SMTPSettings(url: sink.url, requireTLS: requireTLS, timeout: timeout))
    }

    /// The error `send` ends with, or `nil` when it succeeded.
    static func error(_ sender: SMTPSender, _ message: Data, _ envelope: SMTPEnvelope) async -> SMTPError? {
        do {
            try await sender.send(message, envelope: envelope)
            return nil
        } catch {
            return error
        }
    }

    static func crlf(_ text: String) -> Data { Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

    static let envelope = SMTPEnvelope(from: "ack@nordlys.no", recipients: ["kari@example.no"])

    /// A message whose body has every line shape SMTP's dot-stuffing must protect.
    static let dotty = crlf(
        """
        From: Nordlys <ack@nordlys.no>
        To: kari@example.no
        Subject: dots

        .
        .hidden
        ..
        ...three
        From the start
        a line
        .
        MAIL FROM:<evil@example.org>
        RCPT TO:<victim@example.org>
        DATA
        Subject: smuggled

        .
        QUIT
        the end

        """)

    @Test func deliversTheExactBytesAndEnvelope() async throws {
        try await Self.withSink { sink in
            let sender = try Self.sender(sink)
            let envelope = SMTPEnvelope(
                from: "ack@nordlys.no", recipients: ["kari@example.no", "Ola.Nordmann+x@example.no"])
            try await sender.send(Self.dotty, envelope: envelope)
            let received = try sink.messages()
            try #require(received.count == 1, "\(received.map(\.text)) \(sink.log())")
            #expect(received[0].data == Self.dotty, "\(received[0].text)")
            #expect(received[0].mailFrom == "ack@nordlys.no")
            #expect(received[0].recipients == ["kari@example.no", "Ola.Nordmann+x@example.no"])
            #expect(received[0].mailOptions.contains("SIZE=\(Self.dotty.count)"))

            // Without a final CRLF libcurl ends the data with one of its own; the null sender is <>.
            let unterminated = Self.crlf("Subject: x\n\n.\nlast line without end")
            try await sender.send(unterminated, envelope: SMTPEnvelope(from: "", recipients: ["kari@example.no"]))
            let second = try #require(try sink.messages().last)
            #expect(second.data == unterminated + Data("\r\n".utf8) && second.mailFrom == "<>", "\(second.mailFrom)")
        }
    }

    static let invalidMessages: [(String, Data)] = [
        ("bare LF dot", Data("Subject: x\r\n\r\nHi\n.\nMAIL FROM:<e@x>\r\n".utf8)),
        ("bare CR dot", Data("Subject: x\r\n\r\nHi\r.\rRCPT TO:<e@x>\r\n".utf8)),
        ("LF dot CRLF", Data("Subject: x\r\n\r\nHi\n.\r\nDATA\r\n".utf8)),
        ("CR LF LF", Data("Subject: x\r\n\r\nHi\r\n\n.\r\n".utf8)),
        ("header by LF", Data("Subject: x\nBcc: victim@x\r\n\r\nHi\r\n".utf8)),
        ("NUL", Data("Subject: x\r\n\r\nHi\0there\r\n".utf8)),
        ("long line", Data(("Subject: x\r\n\r\n" + String(repeating: "a", count: 999) + "\r\n").utf8)),
        ("no header", Data("\r\nHi\r\n".utf8)), ("empty", Data()),
    ]

    @Test(arguments: invalidMessages)
    func smugglingShapesAreRefusedBeforeConnecting(_ name: String, _ message: Data) async throws {
        let canary = try await CanaryListener.start(host: "127.0.0.1")
        defer { Task { try? await canary.stop() } }
        let sender = SMTPSender(
            policy: try AddressPolicy(allowing: ["127.0.0.1:\(canary.port)"]),
            settings: SMTPSettings(url: "smtp://127.0.0.1:\(canary.port)", requireTLS: false))
        let error = await Self.error(sender, message, Self.envelope)
        #expect(error?.code == .invalidMessage && error?.isPermanent == true, "\(name): \(String(describing: error))")
        #expect(canary.acceptedCount == 0, "\(name)")
    }

    @Test(arguments: [
        SMTPEnvelope(from: "ack@nordlys.no\r\nRCPT TO:<victim@x>", recipients: ["kari@example.no"]),
        SMTPEnvelope(from: "<ack@nordlys.no>", recipients: ["kari@example.no"]),
        SMTPEnvelope(from: "ack@nordlys.no", recipients: ["kari@example.no>\r\nDATA"]),
        SMTPEnvelope(from: "ack@nordlys.no", recipients: ["kari @example.no"]),
        SMTPEnvelope(from: "ack@nordlys.no", recipients: ["kari@example.no\0"]),
        SMTPEnvelope(from: "ack@nordlys.no", recipients: ["Kari <kari@example.no>"]),
        SMTPEnvelope(from: "ack@nordlys.no", recipients: ["kari"]),
        SMTPEnvelope(from: "ack@nordlys.no", recipients: []),
        SMTPEnvelope(from: "ack@nordlys.no", recipients: Array(repeating: "kari@example.no", count: 101)),
    ])
    func invalidEnvelopesAreRefusedBeforeConnecting(_ envelope: SMTPEnvelope) async throws {
        let canary = try await CanaryListener.start(host: "127.0.0.1")
        defer { Task { try? await canary.stop() } }
        let sender = SMTPSender(
            policy: try AddressPolicy(allowing: ["127.0.0.1:\(canary.port)"]),
            settings: SMTPSettings(url: "smtp://127.0.0.1:\(canary.port)", requireTLS: false))
        let error = await Self.error(sender, Self.dotty, envelope)
        #expect(error?.code == .invalidMessage && error?.isPermanent == true, "\(String(describing: error))")
        #expect(error?.message.contains("kari") == false, "addresses stay out of error messages")
        #expect(canary.acceptedCount == 0)
    }

    @Test func temporaryAndPermanentRejections() async throws {
        try await Self.withSink { sink in
            let sender = try Self.sender(sink)
            let cases: [([String], Int, Bool)] = [
                (["tempfail@example.no"], 451, false), (["reject@example.no"], 550, true),
                (["kari@example.no", "reject@example.no"], 550, true),
                (["tempfail@example.no", "kari@example.no"], 451, false),
            ]
            for (recipients, reply, permanent) in cases {
                let error = await Self.error(
                    sender, Self.dotty, SMTPEnvelope(from: "ack@nordlys.no", recipients: recipients))
                #expect(error?.code == .rejected, "\(recipients): \(String(describing: error))")
                #expect(error?.replyCode == reply && error?.isPermanent == permanent, "\(String(describing: error))")
            }
            #expect(try sink.messages().isEmpty, "a refused recipient fails the whole delivery")
        }
    }

    @Test func loopbackIsBlockedUnlessAllowed() async throws {
        let canary = try await CanaryListener.start(host: "127.0.0.1")
        defer { Task { try? await canary.stop() } }
        let sender = SMTPSender(
            policy: AddressPolicy(), settings: SMTPSettings(url: "smtp://127.0.0.1:\(canary.port)", requireTLS: false))
        let error = await Self.error(sender, Self.dotty, Self.envelope)
        #expect(error?.code == .blockedAddress && error?.isPermanent == false, "\(String(describing: error))")
        #expect(error?.message.contains("127.0.0.1 port \(canary.port): a loopback address") == true)
        #expect(error?.message.contains("network.allow_cidrs") == true)
        let named = SMTPSender(
            policy: AddressPolicy(), settings: SMTPSettings(url: "smtps://localhost:\(canary.port)"))
        #expect(await Self.error(named, Self.dotty, Self.envelope)?.code == .blockedAddress)
        #expect(canary.acceptedCount == 0)
    }

    @Test func settingsThatCannotWorkAreRefused() async throws {
        let policy = try AddressPolicy(allowing: ["127.0.0.1/32"])
        for settings in [
            SMTPSettings(url: "http://127.0.0.1:25"), SMTPSettings(url: "file:///etc/passwd"),
            SMTPSettings(url: "smtp://"), SMTPSettings(url: "smtp://127.0.0.1:25\r\nQUIT"),
            SMTPSettings(url: "smtp://127.0.0.1:25", username: "u", password: "secret-pw", requireTLS: false),
            SMTPSettings(url: "smtps://u:secret-pw@127.0.0.1:465"),
        ] {
            let error = await Self.error(SMTPSender(policy: policy, settings: settings), Self.dotty, Self.envelope)
            #expect(error?.code == .invalidSettings, "\(settings.url): \(String(describing: error))")
            #expect(error?.message.contains("secret-pw") == false)
            #expect(!"\(settings)".contains("secret-pw") && !String(reflecting: settings).contains("secret-pw"))
        }
    }

    @Test func requiredSTARTTLSThatIsNotOfferedFails() async throws {
        try await Self.withSink { sink in
            let error = await Self.error(try Self.sender(sink, requireTLS: true), Self.dotty, Self.envelope)
            #expect(error?.code == .tlsError && error?.isPermanent == false, "\(String(describing: error))")
            #expect(try sink.messages().isEmpty)
        }
    }

    /// A loopback socket that accepts connections (the kernel completes them) but never speaks.
    static func silentListener() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard fd >= 0, bound else { throw TestingError("cannot make a silent listener") }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func silentServerTimesOutAndCancellationStops() async throws {
        let (fd, port) = try Self.silentListener()
        defer { close(fd) }
        let policy = try AddressPolicy(allowing: ["127.0.0.1:\(port)"])
        let quick = SMTPSender(
            policy: policy,
            settings: SMTPSettings(url: "smtp://127.0.0.1:\(port)", requireTLS: false, timeout: .seconds(1)))
        let timedOut = await Self.error(quick, Self.dotty, Self.envelope)
        #expect(timedOut?.code == .timeout && timedOut?.isPermanent == false, "\(String(describing: timedOut))")

        let patient = SMTPSender(
            policy: policy,
            settings: SMTPSettings(url: "smtp://127.0.0.1:\(port)", requireTLS: false, timeout: .seconds(60)))
        let task = Task { await Self.error(patient, Self.dotty, Self.envelope) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let cancelled = await task.value
        // `cancelled`, not `timeout`: the cancel stopped the transfer, long before its 60 s limit
        // (no wall-clock bound, which a loaded machine can miss).
        #expect(cancelled?.code == .cancelled && cancelled?.isPermanent == false, "\(String(describing: cancelled))")
    }

    @Test func hostileAcknowledgementEndToEnd() async throws {
        try await Self.withSink { sink in
            let hostile = "Hei\r\nBcc: victim@example.org\r\n\r\n.\r\nMAIL FROM:<evil@example.org>\nX-Injected: 1\r."
            let customer = MailAddress(name: "Eve\r\nCc: victim@example.org", address: "eve@example.no")
            let context = ReplyContext(
                messageID: "c1@example.no", inReplyTo: nil, references: ["r0@example.no\r\nBcc: x@y"], subject: hostile,
                from: customer.address, isListMail: false, returnPathIsNull: false)
            let text = AcknowledgementTemplates().render(
                language: "no",
                values: AcknowledgementValues(
                    name: customer.name, subject: hostile, brand: "Nordlys", reference: "HK-1"))
            let message = AcknowledgementMail.build(
                from: MailAddress(name: "Nordlys Kundeservice", address: "kundeservice@nordlys.no"), to: customer,
                text: text, context: context,
                messageID: AcknowledgementMail.messageID(outboxID: "ob-1", sender: "kundeservice@nordlys.no"),
                date: Date())
            #expect(
                AcknowledgementPolicy.refusal(
                    address: customer.address, flags: [], context: context, ownAddresses: ["kundeservice@nordlys.no"])
                    == nil)
            try await Self.sender(sink).send(
                message, envelope: SMTPEnvelope(from: "kundeservice@nordlys.no", recipients: [customer.address]))

            let received = try #require(try sink.messages().first, "\(sink.log())")
            #expect(received.data == message)
            #expect(received.recipients == ["eve@example.no"] && received.mailFrom == "kundeservice@nordlys.no")
            let raw = [UInt8](received.data)
            for (index, byte) in raw.enumerated() where byte == 0x0A || byte == 0x0D {
                let paired =
                    byte == 0x0D ? index + 1 < raw.count && raw[index + 1] == 0x0A : index > 0 && raw[index - 1] == 0x0D
                #expect(paired, "a bare \(byte == 0x0D ? "CR" : "LF") at byte \(index)")
            }
            let head = try #require(received.text.components(separatedBy: "\r\n\r\n").first)
            let names = head.components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") }.map {
                $0.prefix { $0 != ":" }.lowercased()
            }
            #expect(
                Set(names) == [
                    "from", "to", "subject", "date", "message-id", "in-reply-to", "references", "auto-submitted",
                    "x-auto-response-suppress", "precedence", "mime-version", "content-type",
                    "content-transfer-encoding",
                    "content-language",
                ] && names.count == 14, "\(head)")
            #expect(head.contains("References: <c1@example.no>") && head.contains("In-Reply-To: <c1@example.no>"))
            let parsed = MailParser.parse(received.data)
            #expect(parsed.to.map(\.address) == ["eve@example.no"] && parsed.cc.isEmpty && parsed.header("bcc") == nil)
            #expect(parsed.header("x-injected") == nil && parsed.hasFlag(.autoReply))
            #expect(parsed.subject == "Re: Hei Bcc: victim@example.org . MAIL FROM:<evil@example.org> X-Injected: 1 .")
        }
    }
}
