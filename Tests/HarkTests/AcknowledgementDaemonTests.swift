import Foundation
import HarkTesting
import Testing

/// The automatic acknowledgement end to end: mail APPENDed into a real Dovecot, read by the real
/// daemon, answered over SMTP (libcurl) to a real SMTP sink on loopback. In the customer's language,
/// once per thread, never to automatic mail, lists or no-reply addresses, with no injected header,
/// and recorded in the mention's history.
@Suite(.enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
struct AcknowledgementDaemonTests {
    static func mail(
        from: String, subject: String, id: String, body: String, extra: [String] = []
    ) -> Data {
        let head = [
            "From: \(from)", "To: support@nordlys.example", "Subject: \(subject)", "Message-ID: <\(id)>",
            "Date: Mon, 23 Nov 2026 10:00:00 +0100", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ] + extra
        return Data((head.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n").utf8)
    }

    static let complaint = "Tredje gang Nordlys sender feil faktura. Jeg er skuffet og vurderer å bytte leverandør."

    @Test func complaintsAreAcknowledgedOncePerThreadAndNeverToMachines() async throws {
        if let missing = SMTPSink.missingPython() {
            print("note: AcknowledgementDaemonTests skipped: \(missing)")
            return
        }
        let sink = try await SMTPSink.start(python: try await SMTPSink.python())
        do {
            try await run(sink)
            await sink.stop()
        } catch {
            await sink.stop()
            throw error
        }
    }

    func run(_ sink: SMTPSink) async throws {
        try await IMAPTest.withDovecot { dovecot in
            try await dovecot.append([
                Self.mail(from: "Kari Nordmann <kari@example.no>", subject: "Feil faktura igjen", id: "first@example.no", body: Self.complaint),
                // The same thread, later: no second acknowledgement.
                Self.mail(
                    from: "Kari Nordmann <kari@example.no>", subject: "Re: Feil faktura igjen", id: "second@example.no",
                    body: "Jeg venter fortsatt. " + Self.complaint,
                    extra: ["In-Reply-To: <first@example.no>", "References: <first@example.no>"]),
                // An out-of-office reply, a no-reply sender and a list: never answered.
                Self.mail(from: "ola@example.no", subject: "Fravær", id: "auto@example.no", body: Self.complaint, extra: ["Auto-Submitted: auto-replied"]),
                Self.mail(from: "noreply@shop.example", subject: "Ordre", id: "noreply@shop.example", body: Self.complaint),
                Self.mail(from: "liste@example.no", subject: "Forum", id: "list@example.no", body: Self.complaint, extra: ["List-Id: <forum.example.no>"]),
                // A hostile subject: the decoded CR LF must not become a header of the acknowledgement.
                Self.mail(
                    from: "\"Eve\" <eve@example.se>", subject: "=?utf-8?q?Fel_faktura=0D=0ABcc:_victim@example.com?=", id: "eve@example.se",
                    body: "Nordlys har skickat fel faktura tre gånger. Jag är mycket missnöjd och byter leverantör."),
            ])
            let config = """
                server: { listen: "127.0.0.1:{{PORT}}" }
                storage: { sqlite: { path: "{{DB}}" }, disk_reserve_mib: 0 }
                network: { allow_cidrs: ["\(dovecot.host):\(dovecot.port)", "\(sink.allowEntry)"] }
                api:
                  tokens:
                    - { name: "ops", role: "admin", token_file: "ops" }
                brands:
                  - { name: "Nordlys Energi", aliases: ["Nordlys"] }
                sources:
                  - id: "support"
                    kind: "imap"
                    url: "imap://\(dovecot.host):\(dovecot.port)/INBOX"
                    username: "\(dovecot.user)"
                    password_file: "imap"
                    tls: "none"
                    interval: "1s"
                    acknowledge:
                      smtp: "\(sink.url)"
                      tls: "none"
                      from: "support@nordlys.example"
                      from_name: "Nordlys Kundeservice"
                      brand: "Nordlys Energi"
                notifier: { retry: { first: "100ms", max: "400ms", attempts: 8 } }
                """
            let daemon = try DaemonProcess(config: config, credentials: ["imap": dovecot.password, "ops": TestDaemon.tokens["ops"]!])
            defer { daemon.kill() }
            try await daemon.start()
            try await MailDaemonTests.wait(upTo: .seconds(60), "two acknowledgements") { try sink.messages().count >= 2 }
            try await Task.sleep(for: .seconds(3))  // time for a wrong third one to show up
            let sent = try sink.messages()
            #expect(sent.count == 2, "\(sent.map(\.recipients))")
            #expect(Set(sent.flatMap(\.recipients)) == ["kari@example.no", "eve@example.se"])

            let kari = try #require(sent.first { $0.recipients == ["kari@example.no"] })
            let head = kari.text.components(separatedBy: "\r\n\r\n").first ?? ""
            #expect(kari.mailFrom == "support@nordlys.example")
            #expect(head.contains("In-Reply-To: <first@example.no>"))
            #expect(head.contains("Auto-Submitted: auto-replied"))
            #expect(head.contains("Content-Language: no"), "the acknowledgement is in Norwegian: \(head)")
            #expect(!kari.text.replacingOccurrences(of: "\r\n", with: "").contains { $0 == "\n" || $0 == "\r" }, "CRLF only")

            let eve = try #require(sent.first { $0.recipients == ["eve@example.se"] })
            let eveHead = eve.text.components(separatedBy: "\r\n\r\n").first ?? ""
            let names = eveHead.components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }
                .compactMap { $0.split(separator: ":").first.map { $0.lowercased() } }
            #expect(!names.contains("bcc"), "no injected header: \(eveHead)")
            #expect(Set(names).count == names.count, "each header once: \(names)")
            #expect(eveHead.contains("Content-Language: sv"))

            // Recorded in the mention's history.
            let list = try await daemon.request(
                "GET", "/api/v1/mentions?limit=50", headers: ["Authorization": "Bearer \(TestDaemon.tokens["ops"]!)"])
            let items = list.json["items"] as? [[String: Any]] ?? []
            let first = try #require(items.first { ($0["author"] as? [String: Any])?["address"] as? String == "kari@example.no" && ($0["text"] as? String)?.hasPrefix("Tredje") == true })
            let history = try await daemon.request(
                "GET", "/api/v1/mentions/\(first["id"] as? String ?? "")/history",
                headers: ["Authorization": "Bearer \(TestDaemon.tokens["ops"]!)"])
            let actions = (history.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("notify.acknowledgement"), "\(actions)")
            _ = try await daemon.stop()
        }
    }
}
