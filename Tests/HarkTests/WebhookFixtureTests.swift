import Foundation
import HarkCore
import HarkWebhooks
import Testing

/// Shared fixtures of the webhook tests: the corpus under `../shared/corpora/webhooks` (optional;
/// tests that need it are skipped when it is absent) and small builders.
enum WebhookFixtures {
    /// `/work/main/Tests/HarkTests/X.swift` -> `/work/shared/corpora/webhooks`.
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../../shared/corpora/webhooks")
        .standardizedFileURL

    static let vectorsFile = corpus.appendingPathComponent("signature_vectors.json")
    static let githubExamples = corpus.appendingPathComponent("github/payload-examples/api.github.com")

    static var hasVectors: Bool { FileManager.default.fileExists(atPath: vectorsFile.path) }
    static var hasGitHubExamples: Bool { FileManager.default.fileExists(atPath: githubExamples.path) }

    /// The corpus's signature vectors with a usable vector, or none when the corpus is absent.
    static func signatureVectors() -> [SignatureVector] {
        guard let data = try? Data(contentsOf: vectorsFile) else {
            print("note: \(vectorsFile.path) is absent; signature vector tests are skipped")
            return []
        }
        guard let entries = try? JSONDecoder().decode([SignatureVectorEntry].self, from: data) else {
            Issue.record("signature_vectors.json does not decode")
            return []
        }
        return entries.compactMap { entry in
            guard let vector = entry.vector, let scheme = WebhookScheme(corpusName: entry.scheme) else { return nil }
            return SignatureVector(scheme: scheme, vector: vector, negativeHeader: entry.negativeVector?.header)
        }
    }

    static let source = SourceID("forms")!
    static let deliveryKey = DedupKey.derive("test", "delivery")

    /// Maps `body` with the given mapping and headers.
    static func map(
        _ body: Data,
        mapping: PayloadMapping = .generic,
        headers: WebhookHeaders = [:],
        contentType: String? = "application/json"
    ) -> WebhookMappingOutcome {
        WebhookPayloadMapper(mapping: mapping).map(
            body: body,
            headers: headers,
            source: source,
            deliveryKey: deliveryKey,
            contentType: contentType
        )
    }

    /// Maps a JSON literal.
    static func map(
        json: String,
        mapping: PayloadMapping = .generic,
        headers: WebhookHeaders = [:]
    ) -> WebhookMappingOutcome {
        map(Data(json.utf8), mapping: mapping, headers: headers)
    }
}

/// One entry of `signature_vectors.json`.
struct SignatureVectorEntry: Decodable {
    struct Vector: Decodable, Sendable {
        var secret: String
        var body: String
        var expectedHeader: String
        var timestamp: String?
        var id: String?

        enum CodingKeys: String, CodingKey {
            case secret, body, timestamp, id
            case expectedHeader = "expected_header"
        }
    }

    struct Negative: Decodable {
        var header: String?
    }

    var scheme: String
    var vector: Vector?
    var negativeVector: Negative?

    enum CodingKeys: String, CodingKey {
        case scheme, vector
        case negativeVector = "negative_vector"
    }
}

/// A vector for a scheme Hark supports.
struct SignatureVector: Sendable, CustomTestStringConvertible {
    var scheme: WebhookScheme
    var vector: SignatureVectorEntry.Vector
    var negativeHeader: String?

    var testDescription: String { scheme.rawValue }
    var body: [UInt8] { Array(vector.body.utf8) }
    var timestamp: Int64 { vector.timestamp.flatMap { Int64($0) } ?? 1_700_000_000 }
    /// A `now` ten seconds after the vector's timestamp.
    var now: Date { Date(timeIntervalSince1970: TimeInterval(timestamp + 10)) }

    /// The request headers carrying `signature` as the scheme's signature header.
    func headers(signature: String) -> WebhookHeaders {
        switch scheme {
        case .github: ["X-Hub-Signature-256": signature]
        case .discourse: ["X-Discourse-Event-Signature": signature]
        case .slack: ["X-Slack-Signature": signature, "X-Slack-Request-Timestamp": vector.timestamp ?? ""]
        case .standardWebhooks:
            [
                "webhook-id": vector.id ?? "", "webhook-timestamp": vector.timestamp ?? "",
                "webhook-signature": signature,
            ]
        case .stripe: ["Stripe-Signature": signature]
        case .hmacSHA256: ["X-Signature": signature]
        case .none: [:]
        }
    }
}

extension WebhookScheme {
    /// The corpus names schemes loosely (`standard-webhooks (Svix)`).
    init?(corpusName: String) {
        let name = corpusName.split(separator: " ").first.map(String.init) ?? corpusName
        self.init(rawValue: name)
    }
}

@Suite struct WebhookFixtureTests {
    @Test func headersAreCaseInsensitiveAndKeepOrder() {
        var headers = WebhookHeaders([("X-GitHub-Event", "issues"), ("x-github-event", "ping")])
        headers.add("Content-Type", "application/json")
        #expect(headers["x-github-event"] == "issues")
        #expect(headers["X-GITHUB-EVENT"] == "issues")
        #expect(headers.values(for: "X-GitHub-Event") == ["issues", "ping"])
        #expect(headers["content-type"] == "application/json")
        #expect(headers["missing"] == nil)
        #expect(headers.pairs.map(\.name) == ["X-GitHub-Event", "x-github-event", "Content-Type"])
    }

    @Test func corpusLocationIsBesideTheRepository() {
        #expect(WebhookFixtures.corpus.path.hasSuffix("shared/corpora/webhooks"))
        if !WebhookFixtures.hasVectors {
            print("note: the webhook corpus is absent at \(WebhookFixtures.corpus.path)")
        }
    }
}

extension WebhookVerification {
    var isMalformed: Bool {
        if case .malformed = self { return true }
        return false
    }

    var isInvalid: Bool {
        if case .invalid = self { return true }
        return false
    }

    var isExpired: Bool {
        if case .expired = self { return true }
        return false
    }

    /// The reason of a failed verification, or an empty string.
    var reason: String {
        switch self {
        case .verified, .missingSignature: ""
        case .malformed(let reason), .invalid(let reason), .expired(let reason): reason
        }
    }
}
