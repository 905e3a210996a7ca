import Foundation
import HarkCore
import HarkWebhooks
import Testing

/// The GitHub and Discourse presets.
@Suite struct WebhookPresetMappingTests {
    static let issueOpened = """
        {"action": "opened",
         "issue": {"id": 1001, "number": 7, "title": "App crashes on login",
                   "body": "Every time I log in the app closes.\\r\\n\\r\\nVersion 2.1",
                   "html_url": "https://github.com/acme/app/issues/7", "created_at": "2026-03-01T09:30:00Z",
                   "user": {"login": "octo-kari", "id": 5}},
         "repository": {"full_name": "acme/app"}, "sender": {"login": "octo-kari"}}
        """

    static func github(_ json: String, event: String?) -> WebhookMappingOutcome {
        var headers: WebhookHeaders = ["X-GitHub-Delivery": "d-1"]
        if let event { headers.add("X-GitHub-Event", event) }
        return WebhookFixtures.map(json: json, mapping: .github, headers: headers)
    }

    // MARK: GitHub, inline

    @Test func githubIssueOpened() throws {
        let draft = try WebhookMappingTests.draft(Self.github(Self.issueOpened, event: "issues"))
        #expect(draft.externalID == "issue:1001")
        #expect(draft.mentionKey == DedupKey.derive("webhook", "forms", "external", "issue:1001"))
        #expect(draft.title == "App crashes on login")
        #expect(draft.text == "Every time I log in the app closes.\n\nVersion 2.1")
        #expect(draft.author == Author(handle: "octo-kari"))
        #expect(draft.link == "https://github.com/acme/app/issues/7")
        #expect(draft.publishedAt == Date(timeIntervalSince1970: 1_772_357_400))
        #expect(draft.channel == .webhook)
    }

    @Test func githubIssueComment() throws {
        let json = """
            {"action": "created", "issue": {"id": 1001, "title": "App crashes on login"},
             "comment": {"id": 555, "body": "Same here since Monday", "user": {"login": "per"},
                         "html_url": "https://github.com/acme/app/issues/7#issuecomment-555",
                         "created_at": "2026-03-02T10:00:00Z"}}
            """
        let draft = try WebhookMappingTests.draft(Self.github(json, event: "issue_comment"))
        #expect(draft.externalID == "issue_comment:555")
        #expect(draft.title == "App crashes on login")
        #expect(draft.text == "Same here since Monday")
        #expect(draft.author.handle == "per")
    }

    @Test func githubPingUnsupportedAndDeletedAreIgnored() {
        for (event, json) in [
            ("ping", #"{"zen": "Keep it simple.", "hook_id": 1}"#), ("push", #"{"ref": "refs/heads/main"}"#),
            ("issues", #"{"action": "deleted", "issue": {"id": 1, "body": "x"}}"#),
            ("issues\r\nX-Injected: 1", #"{"a": 1}"#),
        ] {
            guard case .ignored(let reason) = Self.github(json, event: event) else {
                Issue.record("expected \(event) to be ignored")
                continue
            }
            #expect(!reason.contains("\n"))
        }
    }

    @Test func githubWithoutEventOrItemIsUnparsable() {
        guard case .unparsable(let reason, _) = Self.github(Self.issueOpened, event: nil) else {
            Issue.record("expected unparsable")
            return
        }
        #expect(reason == UnparsableReason.missingEvent)
        guard case .unparsable(let missing, _) = Self.github(#"{"action": "opened"}"#, event: "issues") else {
            Issue.record("expected unparsable")
            return
        }
        #expect(missing == UnparsableReason.missingField)
    }

    // MARK: GitHub, corpus (octokit/webhooks payload examples)

    static let corpusEvents = ["issues", "issue_comment", "discussion", "discussion_comment", "ping"]

    static func corpusFiles() -> [String] {
        guard WebhookFixtures.hasGitHubExamples else { return [] }
        return corpusEvents.flatMap { event in
            let directory = WebhookFixtures.githubExamples.appendingPathComponent(event)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(".json") }.sorted().map { "\(event)/\($0)" }
        }
    }

    @Test(
        .enabled(if: WebhookFixtures.hasGitHubExamples, "the GitHub payload examples are absent"),
        arguments: corpusFiles()
    )
    func githubCorpusPayloadMapsOrIsIgnored(file: String) throws {
        let event = String(file.split(separator: "/")[0])
        let body = try Data(contentsOf: WebhookFixtures.githubExamples.appendingPathComponent(file))
        let outcome = WebhookFixtures.map(body, mapping: .github, headers: ["X-GitHub-Event": event])
        let action = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["action"] as? String
        switch outcome {
        case .draft(let draft):
            #expect(event != "ping" && action != "deleted")
            #expect(draft.externalID?.hasPrefix(event == "issues" ? "issue:" : event + ":") == true)
            #expect(!draft.text.isEmpty)
            #expect(draft.link?.hasPrefix("https://github.com/") == true)
            #expect(draft.publishedAt != nil)
            #expect(draft.author.handle != nil)
        case .ignored:
            #expect(event == "ping" || action == "deleted")
        case .unparsable(let reason, let detail):
            Issue.record("\(file): unparsable \(reason) (\(detail))")
        }
    }

    @Test(.enabled(if: WebhookFixtures.hasGitHubExamples, "the GitHub payload examples are absent"))
    func githubCorpusKnownValues() throws {
        func map(_ file: String, _ event: String) throws -> MentionDraft {
            let body = try Data(contentsOf: WebhookFixtures.githubExamples.appendingPathComponent(file))
            return try WebhookMappingTests.draft(
                WebhookFixtures.map(body, mapping: .github, headers: ["X-GitHub-Event": event])
            )
        }
        let opened = try map("issues/opened.payload.json", "issues")
        #expect(opened.externalID == "issue:444500041")
        #expect(opened.title == "Spelling error in the README file")
        #expect(opened.text == "It looks like you accidently spelled 'commit' with two 't's.")
        #expect(opened.author.handle == "Codertocat")
        #expect(opened.link == "https://github.com/Codertocat/Hello-World/issues/1")
        #expect(opened.publishedAt == Date(timeIntervalSince1970: 1_557_933_618))

        let empty = try map("issues/opened.with-empty-body.payload.json", "issues")
        #expect(empty.text == empty.title)

        let comment = try map("discussion_comment/created.payload.json", "discussion_comment")
        #expect(comment.externalID == "discussion_comment:550062")
        #expect(comment.text == "ANSWER")
        #expect(comment.title == "TEST edit")
    }

    // MARK: Discourse

    static let discoursePost = """
        {"post": {"id": 1234, "name": "Kari Nordmann", "username": "kari", "created_at": "2026-03-01T10:00:00.123Z",
                  "updated_at": "2026-03-01T11:00:00.000Z", "cooked": "<p>Hello</p>",
                  "raw": "The meter reading is **wrong** again.", "post_number": 3,
                  "post_url": "/t/wrong-meter-reading/77/3", "topic_id": 77, "topic_title": "Wrong meter reading"}}
        """

    static func discourse(
        _ json: String,
        type: String? = "post",
        event: String? = "post_created"
    ) -> WebhookMappingOutcome {
        var headers: WebhookHeaders = [
            "X-Discourse-Instance": "https://forum.example.com", "X-Discourse-Event-Id": "9",
        ]
        if let type { headers.add("X-Discourse-Event-Type", type) }
        if let event { headers.add("X-Discourse-Event", event) }
        return WebhookFixtures.map(json: json, mapping: .discourse, headers: headers)
    }

    @Test func discoursePostCreated() throws {
        let draft = try WebhookMappingTests.draft(Self.discourse(Self.discoursePost))
        #expect(draft.externalID == "1234")
        #expect(draft.text == "The meter reading is **wrong** again.")
        #expect(draft.title == "Wrong meter reading")
        #expect(draft.author == Author(name: "Kari Nordmann", handle: "kari"))
        #expect(draft.link == "https://forum.example.com/t/wrong-meter-reading/77/3")
        let published = try #require(draft.publishedAt)
        #expect(abs(published.timeIntervalSince1970 - 1_772_359_200.123) < 0.000_1)
    }

    @Test func discourseCookedIsTurnedIntoText() throws {
        let json = """
            {"post": {"id": 9, "cooked": "<p>Tom &amp; Jerry&#39;s <b>bill</b><br>is &lt;wrong&gt; &#x2014; fix</p><script>x()</script><p>Thanks&nbsp;!</p>",
                      "updated_at": "2026-03-01T11:00:00Z", "post_url": "https://other.example.com/t/x/1/1"}}
            """
        let draft = try WebhookMappingTests.draft(Self.discourse(json, type: nil, event: nil))
        #expect(draft.text == "Tom & Jerry's bill\nis <wrong> \u{2014} fix\n\nThanks\u{A0}!")
        #expect(draft.link == "https://other.example.com/t/x/1/1")
        #expect(draft.publishedAt == Date(timeIntervalSince1970: 1_772_362_800))
    }

    @Test func discoursePingOtherTypesAndDestroyedAreIgnored() {
        let cases: [(String, String?, String?)] = [
            (#"{"ping": "OK"}"#, "ping", "ping"), (#"{"ping": "OK"}"#, nil, nil),
            (#"{"topic": {"id": 1}}"#, "topic", "topic_created"), (Self.discoursePost, "post", "post_destroyed"),
        ]
        for (json, type, event) in cases {
            guard case .ignored = Self.discourse(json, type: type, event: event) else {
                Issue.record("expected \(type ?? "nil")/\(event ?? "nil") to be ignored")
                continue
            }
        }
    }

    @Test func discoursePostWithoutIDOrTextIsUnparsable() {
        #expect(
            WebhookMappingTests.unparsableReason(Self.discourse(#"{"post": {"raw": "x"}}"#))
                == UnparsableReason.missingField
        )
        #expect(
            WebhookMappingTests.unparsableReason(Self.discourse(#"{"post": {"id": 1, "raw": ""}}"#))
                == UnparsableReason.missingText
        )
        #expect(
            WebhookMappingTests.unparsableReason(Self.discourse(#"{"user": {}}"#)) == UnparsableReason.missingField
        )
    }
}
