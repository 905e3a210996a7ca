import Foundation
import HarkCore
import HarkWebhooks
import Testing

/// The generic preset, JSON Pointer mappings and the keys of a draft.
@Suite struct WebhookMappingTests {
    static func draft(_ outcome: WebhookMappingOutcome) throws -> MentionDraft {
        guard case .draft(let draft) = outcome else { throw ExpectedDraft(outcome: outcome) }
        return draft
    }

    static func unparsableReason(_ outcome: WebhookMappingOutcome) -> String? {
        if case .unparsable(let reason, _) = outcome { return reason }
        return nil
    }

    // MARK: Generic

    @Test func genericReadsTopLevelFields() throws {
        let json = """
            {"id": "rev-42", "text": "  The invoice came twice.\\r\\nPlease fix.  ", "title": "Billed twice",
             "author": {"name": "Kari N.", "email": "Kari@Example.NO", "handle": "@kari"},
             "url": "https://reviews.example.com/r/42", "published_at": "2026-11-21T18:02:11Z", "extra": [1, 2]}
            """
        let body = Data(json.utf8)
        let draft = try Self.draft(WebhookFixtures.map(body))
        #expect(draft.channel == .webhook)
        #expect(draft.source == WebhookFixtures.source)
        #expect(draft.externalID == "rev-42")
        #expect(draft.text == "The invoice came twice.\nPlease fix.")
        #expect(draft.title == "Billed twice")
        #expect(draft.subject == nil)
        #expect(draft.author == Author(name: "Kari N.", address: "kari@example.no", handle: "@kari"))
        #expect(draft.link == "https://reviews.example.com/r/42")
        #expect(draft.publishedAt == Date(timeIntervalSince1970: 1_795_284_131))
        #expect(draft.deliveryKey == WebhookFixtures.deliveryKey)
        #expect(draft.mentionKey == DedupKey.derive("webhook", "forms", "external", "rev-42"))
        #expect(draft.raw == RawInput(contentType: "application/json", bytes: body))
        #expect(draft.flags.isEmpty)
    }

    @Test(arguments: [
        ("42", "42"), ("-7", "-7"), ("12345678901234567890", "12345678901234567890"),
        ("4.0", "4"), ("1.5", "1.5"), ("\"x-1\"", "x-1"),
    ])
    func numericAndStringIDsAreStringified(literal: String, expected: String) throws {
        let draft = try Self.draft(WebhookFixtures.map(json: #"{"id": \#(literal), "text": "hi"}"#))
        #expect(draft.externalID == expected)
        #expect(draft.mentionKey == DedupKey.derive("webhook", "forms", "external", expected))
    }

    @Test(arguments: [#"true"#, #"false"#, #"{"a": 1}"#, #"[1]"#, "\"\(String(repeating: "i", count: 1025))\""])
    func unusableIDsAreRefused(literal: String) {
        let outcome = WebhookFixtures.map(json: #"{"id": \#(literal), "text": "hi"}"#)
        #expect(Self.unparsableReason(outcome) == UnparsableReason.invalidExternalID)
    }

    @Test func withoutIDTheMentionKeyIsTheBodyDigest() throws {
        for json in [#"{"text": "no id here"}"#, #"{"id": null, "text": "null id"}"#, #"{"id": "", "text": "empty"}"#] {
            let body = Data(json.utf8)
            let draft = try Self.draft(WebhookFixtures.map(body))
            #expect(draft.externalID == nil)
            #expect(
                draft.mentionKey == DedupKey.derive("webhook", "forms", "body", DedupKey.contentDigest(body))
            )
        }
    }

    @Test func authorMayBeAPlainName() throws {
        let draft = try Self.draft(WebhookFixtures.map(json: #"{"text": "hi", "author": "Ola\nNordmann"}"#))
        #expect(draft.author == Author(name: "Ola Nordmann"))
    }

    @Test func titleStandsInForAMissingOrEmptyText() throws {
        for json in [
            #"{"title": "Only a title"}"#, #"{"title": "Only a title", "text": " \n\t "}"#,
            #"{"title": "Only a title", "text": 17}"#,
        ] {
            let draft = try Self.draft(WebhookFixtures.map(json: json))
            #expect(draft.text == "Only a title")
            #expect(draft.title == "Only a title")
        }
    }

    @Test(arguments: [
        #"{}"#, #"{"text": ""}"#, #"{"text": "\u0000\u0001", "title": "  "}"#, #"{"text": null}"#,
        #"{"text": ["a"]}"#,
    ])
    func missingTextIsUnparsable(json: String) {
        #expect(Self.unparsableReason(WebhookFixtures.map(json: json)) == UnparsableReason.missingText)
    }

    @Test func unsafeLinksAndBadDatesBecomeNil() throws {
        let json = #"{"text": "x", "url": "javascript:alert(1)", "published_at": "yesterday"}"#
        let draft = try Self.draft(WebhookFixtures.map(json: json))
        #expect(draft.link == nil)
        #expect(draft.publishedAt == nil)
    }

    @Test(arguments: [
        ("2026-11-21T18:02:11Z", 1_795_284_131.0), ("2026-11-21T18:02:11.250Z", 1_795_284_131.25),
        ("2026-11-21T19:02:11+01:00", 1_795_284_131.0), ("2026-11-21t18:02:11z", 1_795_284_131.0),
        ("2026-11-21 13:02:11-0500", 1_795_284_131.0), ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T00:00:00.123456789+00:00", 1_709_164_800.123456789), ("1969-12-31T23:59:59Z", -1),
    ])
    func publishedAtParsesRFC3339(text: String, seconds: Double) throws {
        let draft = try Self.draft(WebhookFixtures.map(json: #"{"text": "x", "published_at": "\#(text)"}"#))
        let parsed = try #require(draft.publishedAt)
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.000_01)
    }

    @Test(arguments: [
        "2026-11-21T18:02:11", "2026-11-21", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-11-21T24:00:00Z", "2026-11-21T18:02:11.Z", "2026-11-21T18:02:11+25:00", "2026-11-21T18:02:11Zjunk", "",
    ])
    func publishedAtRejectsNonRFC3339(text: String) throws {
        let draft = try Self.draft(WebhookFixtures.map(json: #"{"text": "x", "published_at": "\#(text)"}"#))
        #expect(draft.publishedAt == nil)
    }

    @Test func longFieldsAreTruncatedAndFlagged() throws {
        let title = String(repeating: "ø", count: 2000)
        let text = String(repeating: "æ", count: 100)
        let mapper = WebhookPayloadMapper(maximumTextBytes: 51)
        let body = Data(#"{"text": "\#(text)", "title": "\#(title)"}"#.utf8)
        let outcome = mapper.map(
            body: body,
            headers: [:],
            source: WebhookFixtures.source,
            deliveryKey: WebhookFixtures.deliveryKey,
            contentType: nil
        )
        let draft = try Self.draft(outcome)
        #expect(draft.text == String(repeating: "æ", count: 25))
        #expect(draft.title == String(repeating: "ø", count: 1024))
        #expect(draft.flags == ["truncated"])
    }

    // MARK: Delivery keys

    @Test func deliveryKeyUsesTheDeliveryIDElseTheBodyDigest() {
        let body = Data(#"{"text": "x"}"#.utf8)
        let digest = DedupKey.contentDigest(body)
        let withID = WebhookPayloadMapper.deliveryKey(source: WebhookFixtures.source, deliveryID: "d-1", body: body)
        #expect(withID.key == DedupKey.derive("webhook", "forms", "delivery", "d-1"))
        #expect(withID.bodyDigest == digest)
        let withoutID = WebhookPayloadMapper.deliveryKey(source: WebhookFixtures.source, deliveryID: nil, body: body)
        #expect(withoutID.key == DedupKey.derive("webhook", "forms", "body", digest))
        #expect(withoutID.bodyDigest == digest)
    }

    // MARK: JSON Pointers

    @Test func pointersReadNestedFields() throws {
        let pointers = try FieldPointers(
            externalID: "/review/id",
            text: "/review/body",
            title: "/review/title",
            authorName: "/review/author/name",
            authorAddress: "/review/author/email",
            authorHandle: "/review/author/handles/0",
            link: "/review/links/a~1b",
            publishedAt: "/review/meta/~0at"
        )
        let json = """
            {"review": {"id": 981, "body": "Slow delivery", "title": "Late", "author": {"name": "Per",
             "email": "per@example.com", "handles": ["@per", "@per2"]}, "links": {"a/b": "https://x.example/981"},
             "meta": {"~at": "2026-01-02T03:04:05Z"}}, "text": "top-level text is not used"}
            """
        let draft = try Self.draft(WebhookFixtures.map(json: json, mapping: .pointers(pointers)))
        #expect(draft.externalID == "981")
        #expect(draft.text == "Slow delivery")
        #expect(draft.title == "Late")
        #expect(draft.author == Author(name: "Per", address: "per@example.com", handle: "@per"))
        #expect(draft.link == "https://x.example/981")
        #expect(draft.publishedAt == Date(timeIntervalSince1970: 1_767_323_045))
        #expect(draft.mentionKey == DedupKey.derive("webhook", "forms", "external", "981"))
    }

    @Test func pointersThatFindNothingLeaveFieldsEmpty() throws {
        let pointers = try FieldPointers(
            externalID: "/nope",
            text: "/items/1",
            title: "/items/01",
            authorName: "/items/-",
            link: "/text/deeper"
        )
        let draft = try Self.draft(
            WebhookFixtures.map(json: #"{"items": ["a", "second"], "text": "t"}"#, mapping: .pointers(pointers))
        )
        #expect(draft.externalID == nil)
        #expect(draft.text == "second")
        #expect(draft.title == nil)
        #expect(draft.author.isEmpty)
        #expect(draft.link == nil)
    }

    @Test(arguments: ["review/body", "/a~2b", "/a~", "~1", String(repeating: "/a", count: 65), " /x"])
    func invalidPointersThrowAtConfiguration(pointer: String) {
        #expect(throws: HarkError.self) { try FieldPointers(text: pointer) }
        #expect(throws: HarkError.self) { try JSONPointer(pointer) }
    }

    @Test func pointerUnescapingAndErrorMessages() throws {
        #expect(try JSONPointer("/a~1b/c~0d/~01").tokens == ["a/b", "c~d", "~1"])
        #expect(try JSONPointer("").tokens == [])
        #expect(try JSONPointer("/").tokens == [""])
        do {
            _ = try FieldPointers(configuration: ["text": "/ok", "title": "bad"])
            Issue.record("expected an error")
        } catch let error as HarkError {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("'title'"))
            #expect(error.message.contains("must start with '/'"))
        }
    }

    @Test func pointerConfigurationKeys() throws {
        let pointers = try FieldPointers(configuration: ["external_id": "/id", "author_address": "/from"])
        #expect(pointers.externalID?.rawValue == "/id")
        #expect(pointers.authorAddress?.rawValue == "/from")
        #expect(throws: HarkError.self) { try FieldPointers(configuration: ["body": "/text"]) }
        #expect(PayloadMapping(preset: "github") == .github)
        #expect(PayloadMapping(preset: "generic") == .generic)
        #expect(PayloadMapping(preset: "discourse")?.name == "discourse")
        #expect(PayloadMapping(preset: "gitlab") == nil)
    }
}

/// Thrown (and so recorded) when a mapping gave no draft.
struct ExpectedDraft: Error, CustomStringConvertible {
    var outcome: WebhookMappingOutcome
    var description: String { "expected a draft, got \(outcome)" }
}
