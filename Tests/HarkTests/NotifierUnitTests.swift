import Foundation
import HarkCore
@testable import HarkDaemon
import Testing

/// The notifier's pure parts: stable ids, who hears what, Slack escaping, the retry schedule, how an
/// HTTP answer is judged, and the configuration's one-line problems.
@Suite struct NotifierUnitTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func mention(_ severity: Severity, brands: [String] = ["Nordlys Energi"], text: String = "Fakturaen er feil") -> Mention {
        var mention = Mention(
            id: MentionID.generate(at: now), source: SourceID("reviews")!, channel: .feed, externalID: "r1", receivedAt: now,
            publishedAt: nil, author: Author(name: "Kari", address: "kari@example.no"), subject: nil, title: "Aldri igjen",
            text: text, link: "https://reviews.example/r1",
            assessment: Assessment(language: "no", complaint: severity != .none, severity: severity, category: .billing, brands: brands),
            updatedAt: now)
        mention.workflow.dueAt = now.addingTimeInterval(3600)
        return mention
    }

    func composer(_ yaml: String) throws -> AlertComposer {
        AlertComposer(try HarkConfiguration.parse(yaml: yaml, path: "test.yaml").notifier)
    }

    static let targets = """
        notifier:
          public_url: "https://hark.example.com"
          alerts:
            - { id: "chat", format: "slack", url: "https://chat.example/hook", on: ["very_dissatisfied"] }
            - { id: "ops", format: "standard-webhooks", url: "https://ops.example/hark", secret_env: "X", brands: ["Other AS"] }
            - { id: "all", format: "standard-webhooks", url: "https://all.example/hark", secret_env: "X" }
        """

    @Test func alertsGoToTheTargetsThatHearOfThemWithStableIDs() throws {
        let composer = try composer(Self.targets)
        let angry = mention(.veryDissatisfied)
        let alerts = composer.veryDissatisfied(angry, at: now)
        #expect(alerts.map(\.target) == ["chat", "all"], "ops hears only of another brand")
        #expect(alerts.map(\.id) == composer.veryDissatisfied(angry, at: now.addingTimeInterval(60)).map(\.id), "ids are stable")
        #expect(Set(alerts.map(\.id)).count == 2 && alerts.allSatisfy { $0.id.hasPrefix("msg_") && $0.id.count == 36 })
        #expect(composer.veryDissatisfied(mention(.dissatisfied), at: now).isEmpty)

        // A deadline missed: one alert per deadline, a new one when the deadline moves.
        let late = now.addingTimeInterval(7200)
        let breach = composer.slaBreach(angry, at: late)
        #expect(breach.map(\.target) == ["all"])
        #expect(composer.slaBreach(angry, at: now).isEmpty, "not overdue yet")
        var moved = angry
        moved.workflow.dueAt = now.addingTimeInterval(5400)
        #expect(composer.slaBreach(moved, at: late).map(\.id) != breach.map(\.id))
        #expect(composer.slaBreach(angry, at: late.addingTimeInterval(600)).map(\.id) == breach.map(\.id))
    }

    @Test func slackTextEscapesWhatTheCustomerWrote() throws {
        let composer = try composer(Self.targets)
        let hostile = mention(.veryDissatisfied, text: "<!channel> <@U123> & <https://evil.example|bank> \u{1b}[31mred\u{0}")
        let alert = try #require(composer.veryDissatisfied(hostile, at: now).first { $0.target == "chat" })
        let body = try #require(try JSONSerialization.jsonObject(with: alert.payload) as? [String: Any])
        let text = try #require(body["text"] as? String)
        #expect(!text.contains("<!channel>") && !text.contains("<@U123>") && !text.contains("<https://evil"))
        #expect(text.contains("&lt;!channel&gt; &lt;@U123&gt; &amp; &lt;https://evil.example|bank&gt;"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0 })
        #expect(text.contains("<https://hark.example.com/mentions/\(hostile.id.rawValue)|Open in Hark>"))
        #expect(!String(decoding: alert.payload, as: UTF8.self).contains("kari@example.no"))
    }

    @Test func theHandoffCarriesTheWholeMentionAndIsOnePerMention() throws {
        let composer = try composer(Self.targets)
        let angry = mention(.veryDissatisfied)
        let actor = ChangeActor(name: "token:kari", role: "support")
        let first = try composer.handoff(angry, by: actor, note: "Ring\r\nBcc: x", at: now)
        let again = try composer.handoff(angry, by: actor, note: nil, at: now.addingTimeInterval(60))
        #expect(first.id == again.id && first.target == "helpdesk" && first.kind == .handoff)
        let body = try #require(try JSONSerialization.jsonObject(with: first.payload) as? [String: Any])
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["note"] as? String == "Ring Bcc: x")
        #expect(((data["mention"] as? [String: Any])?["author"] as? [String: Any])?["address"] as? String == "kari@example.no")
    }

    @Test func retriesBackOffUpToTheMaximumThenGiveUp() {
        let schedule = RetrySchedule(first: .seconds(10), maximum: .seconds(60), attempts: 5)
        let waits = (1...4).map { schedule.next(after: $0, of: "msg_x", at: now)!.timeIntervalSince(now) }
        #expect(waits[0] >= 10 && waits[0] <= 12)
        #expect(waits[1] >= 20 && waits[1] <= 24)
        #expect(waits[3] >= 60 && waits[3] <= 72, "capped at the maximum (plus the spread)")
        #expect(schedule.next(after: 5, of: "msg_x", at: now) == nil)
        #expect(schedule.next(after: 1, of: "msg_x", at: now) == schedule.next(after: 1, of: "msg_x", at: now), "reproducible")
        let asked = schedule.next(after: 1, of: "msg_x", at: now, receiverAsked: .seconds(45))!
        #expect(asked.timeIntervalSince(now) >= 45)
    }

    @Test func httpAnswersAreJudged() {
        #expect(HTTPOutboxTransport.outcome(status: 200, retryAfter: nil) == .delivered)
        #expect(HTTPOutboxTransport.outcome(status: 204, retryAfter: nil) == .delivered)
        #expect(HTTPOutboxTransport.outcome(status: 503, retryAfter: "30") == .retry("HTTP 503", after: .seconds(30)))
        #expect(HTTPOutboxTransport.outcome(status: 429, retryAfter: "soon") == .retry("HTTP 429", after: nil))
        #expect(HTTPOutboxTransport.outcome(status: 408, retryAfter: nil) == .retry("HTTP 408", after: nil))
        #expect(HTTPOutboxTransport.outcome(status: 404, retryAfter: nil) == .refused("HTTP 404"))
        #expect(HTTPOutboxTransport.outcome(status: 410, retryAfter: nil) == .refused("HTTP 410"))
        if case .retry = HTTPOutboxTransport.outcome(status: 302, retryAfter: nil) {} else { Issue.record("a redirect is retried") }
    }

    @Test func acknowledgementSettingsAreChecked() {
        let yaml = """
            sources:
              - { id: "forms", kind: "webhook", scheme: "none", acknowledge: { smtp: "smtp://x.example", from: "a@x.example" } }
              - id: "support"
                kind: "imap"
                url: "imaps://imap.example.com/INBOX"
                username: "support@example.com"
                password_env: "P"
                acknowledge:
                  smtp: "http://smtp.example.com"
                  from: "Support <support@example.com>"
                  tls: "none"
                  password_env: "S"
                  templates: { da: { subject: "Tak {navn}", body: "Hej {name}" }, fr: { subject: "x", body: "y" } }
            """
        do {
            _ = try HarkConfiguration.parse(yaml: yaml, path: "bad.yaml")
            Issue.record("accepted bad acknowledgement settings")
        } catch {
            let text = error.problems.joined(separator: "\n")
            for expected in [
                "sources[0].acknowledge: acknowledgement mails are for imap sources only", "sources[1].acknowledge.smtp",
                "sources[1].acknowledge.from", "sources[1].acknowledge.tls", "sources[1].acknowledge.username",
                "sources[1].acknowledge.templates.da.subject", "fr",
            ] {
                #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
            }
        }
    }

    @Test func configurationProblemsAreOneLineEach() {
        let yaml = """
            notifier:
              public_url: "ftp://x"
              alerts:
                - { id: "a b", format: "teams", url: "https://x.example" }
                - { id: "s", format: "standard-webhooks", url: "https://x.example" }
                - { id: "c", format: "slack", url: "https://x.example", url_file: "u" }
                - { id: "d", format: "slack", url: "https://x.example", on: ["everything"] }
                - { id: "d", format: "slack", url_env: "U", secret_file: "s" }
              helpdesk: { url: "https://h.example" }
              retry: { first: "1h", max: "1m" }
              surprise: 1
            """
        do {
            _ = try HarkConfiguration.parse(yaml: yaml, path: "bad.yaml")
            Issue.record("accepted a bad notifier section")
        } catch {
            let text = error.problems.joined(separator: "\n")
            for expected in [
                "notifier.public_url", "notifier.alerts[0].id", "notifier.alerts[0].format", "notifier.alerts[1]: needs secret_file",
                "notifier.alerts[2]: give url or url_file", "notifier.alerts[3].on[0]", "notifier.alerts[4].id: alert id d is used twice",
                "notifier.alerts[4]: a slack alert is not signed", "notifier.helpdesk: needs secret_file", "notifier.retry.max",
                "surprise",
            ] {
                #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
            }
            #expect(error.problems.allSatisfy { !$0.contains("\n") })
        }
    }
}
