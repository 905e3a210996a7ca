import Foundation
import HarkWebhooks
import Testing

/// W1 negatives and W2 windows: the hostile signature inputs of `spec/reliability.md` section 4.3.
@Suite struct WebhookNegativeTests {
    static let body = Array(#"{"id":"1","text":"The heating broke again"}"#.utf8)
    static let timestamp: Int64 = 1_700_000_000
    static let now = Date(timeIntervalSince1970: TimeInterval(timestamp))
    static let signingSchemes = WebhookScheme.allCases.filter { $0 != .none }
    static let megabyte = String(repeating: "a", count: 1 << 20)

    /// A verifier and the valid headers of `body` for `scheme`.
    static func fixture(
        _ scheme: WebhookScheme,
        timestamp: Int64 = timestamp
    ) throws -> (WebhookVerifier, [(String, String)]) {
        let secret = WebhookFixtures.secret(for: scheme)
        let verifier = try WebhookVerifier(scheme: scheme, secrets: [secret])
        let headers = try WebhookSigner.headers(
            scheme: scheme,
            secret: secret,
            body: body,
            timestamp: timestamp,
            deliveryID: "msg_1"
        )
        return (verifier, headers)
    }

    static func signatureHeader(_ scheme: WebhookScheme) -> String {
        switch scheme {
        case .standardWebhooks: "webhook-signature"
        case .github: "X-Hub-Signature-256"
        case .slack: "X-Slack-Signature"
        case .discourse: "X-Discourse-Event-Signature"
        case .stripe: "Stripe-Signature"
        case .hmacSHA256: "X-Signature"
        case .none: ""
        }
    }

    /// `headers` with the header `name` replaced by `value` (or removed when `value` is nil).
    static func replacing(_ headers: [(String, String)], _ name: String, with value: String?) -> WebhookHeaders {
        var result = headers.filter { $0.0.lowercased() != name.lowercased() }
        if let value { result.append((name, value)) }
        return WebhookHeaders(result)
    }

    static func verify(_ scheme: WebhookScheme, _ header: String, _ value: String?) throws -> WebhookVerification {
        let (verifier, headers) = try fixture(scheme)
        return verifier.verify(headers: replacing(headers, header, with: value), body: body, now: now)
    }

    // MARK: Missing and malformed

    @Test(arguments: signingSchemes)
    func missingSignature(scheme: WebhookScheme) throws {
        #expect(try Self.verify(scheme, Self.signatureHeader(scheme), nil) == .missingSignature)
    }

    static let hex64 = String(repeating: "ab", count: 32)
    /// Signature headers that are present but cannot be parsed: no value, not hex or base64, the
    /// wrong prefix or length, a repeated or missing Stripe `t`, a Standard Webhooks entry without `v1`.
    static let malformedSignatures: [(WebhookScheme, String)] = [
        (.github, "sha256="), (.github, "sha256=" + String(repeating: "zz", count: 32)),
        (.github, "SHA256=" + hex64), (.github, hex64), (.github, "sha256=" + String(hex64.dropLast(2))),
        (.github, "sha256=" + String(hex64.dropLast())), (.github, "sha256=" + hex64 + "ab"),
        (.github, "sha256= " + hex64), (.discourse, "sha256=not-hex"), (.slack, "v0="), (.slack, "v1=" + hex64),
        (.stripe, "t=1700000000,v1="), (.stripe, "t=1700000000"), (.stripe, "v1=" + hex64),
        (.stripe, "t=1700000000,v1=xyz"), (.stripe, "t=1700000000,t=1700000000,v1=" + hex64), (.stripe, "garbage"),
        (.standardWebhooks, "v1,"), (.standardWebhooks, "v1"), (.standardWebhooks, "v1,!!!!"),
        (.standardWebhooks, "v1a,AAAA"), (.standardWebhooks, "v1,AAAA"), (.hmacSHA256, ""), (.hmacSHA256, "0x12"),
    ]

    @Test(arguments: malformedSignatures)
    func malformedSignatureHeader(scheme: WebhookScheme, value: String) throws {
        let result = try Self.verify(scheme, Self.signatureHeader(scheme), value)
        #expect(result.isMalformed, "\(scheme) \(value): got \(result)")
    }

    @Test(arguments: signingSchemes)
    func oneMegabyteHeaderIsMalformed(scheme: WebhookScheme) throws {
        let result = try Self.verify(scheme, Self.signatureHeader(scheme), Self.megabyte)
        #expect(result.isMalformed, "got \(result)")
        #expect(result.reason.utf8.count < 200)
    }

    @Test(arguments: [WebhookScheme.github, .slack, .stripe, .standardWebhooks])
    func truncatedSignatureIsMalformed(scheme: WebhookScheme) throws {
        let (_, headers) = try Self.fixture(scheme)
        let name = Self.signatureHeader(scheme)
        let valid = try #require(headers.first { $0.0 == name }?.1)
        for cut in [1, 2, 4] {
            let result = try Self.verify(scheme, name, String(valid.dropLast(cut)))
            #expect(result.isMalformed, "cut \(cut): got \(result)")
        }
    }

    @Test(arguments: signingSchemes)
    func repeatedSignatureHeaderIsMalformed(scheme: WebhookScheme) throws {
        let (verifier, headers) = try Self.fixture(scheme)
        let name = Self.signatureHeader(scheme)
        let repeated = headers + headers.filter { $0.0 == name }
        #expect(verifier.verify(headers: WebhookHeaders(repeated), body: Self.body, now: Self.now).isMalformed)
    }

    // MARK: Uppercase hex (decoded case-insensitively, compared as bytes)

    @Test(arguments: [WebhookScheme.github, .discourse, .slack, .stripe, .hmacSHA256])
    func uppercaseHexOfTheRightCodeVerifies(scheme: WebhookScheme) throws {
        let (verifier, headers) = try Self.fixture(scheme)
        let name = Self.signatureHeader(scheme)
        let upper = headers.map { header in
            guard header.0 == name else { return header }
            // Upper-case only the hex after the last '=' so that prefixes and `t=` stay as they are.
            let cut = header.1.lastIndex(of: "=").map { header.1.index(after: $0) } ?? header.1.startIndex
            return (name, String(header.1[..<cut]) + header.1[cut...].uppercased())
        }
        #expect(upper.first { $0.0 == name }?.1 != headers.first { $0.0 == name }?.1)
        #expect(verifier.verify(headers: WebhookHeaders(upper), body: Self.body, now: Self.now) == .verified)
    }

    @Test func uppercaseHexOfAWrongCodeIsInvalid() throws {
        let result = try Self.verify(.github, "X-Hub-Signature-256", "sha256=" + String(repeating: "AB", count: 32))
        #expect(result.isInvalid)
    }

    // MARK: Wrong body, wrong secret, wrong scheme

    @Test(arguments: signingSchemes)
    func bitFlippedBodyIsInvalid(scheme: WebhookScheme) throws {
        let (verifier, headers) = try Self.fixture(scheme)
        for position in [0, Self.body.count / 2, Self.body.count - 1] {
            var flipped = Self.body
            flipped[position] ^= 0x20
            #expect(verifier.verify(headers: WebhookHeaders(headers), body: flipped, now: Self.now).isInvalid)
        }
        #expect(verifier.verify(headers: WebhookHeaders(headers), body: Self.body + [0x0A], now: Self.now).isInvalid)
    }

    @Test(arguments: signingSchemes)
    func otherEndpointsSecretIsInvalid(scheme: WebhookScheme) throws {
        let (_, headers) = try Self.fixture(scheme)
        let other = try WebhookVerifier(scheme: scheme, secrets: [WebhookFixtures.secret(for: scheme, seed: "other")])
        let result = other.verify(headers: WebhookHeaders(headers), body: Self.body, now: Self.now)
        #expect(result.isInvalid, "got \(result)")
    }

    @Test func githubSignatureSentToAStripeEndpointIsRefused() throws {
        let secret = WebhookSecret("shared-secret")
        let github = try WebhookSigner.headers(
            scheme: .github,
            secret: secret,
            body: Self.body,
            timestamp: Self.timestamp,
            deliveryID: "d-1"
        )
        let stripe = try WebhookVerifier(scheme: .stripe, secrets: [secret])
        #expect(stripe.verify(headers: WebhookHeaders(github), body: Self.body, now: Self.now) == .missingSignature)
        // Even under Stripe's header name, a GitHub-style value does not parse.
        let value = try WebhookSigner.github(secret: secret, body: Self.body)
        #expect(stripe.verify(headers: ["Stripe-Signature": value], body: Self.body, now: Self.now).isMalformed)
    }

    // MARK: Timestamps and ids (W2)

    static let timestampHeaders: [(WebhookScheme, String)] = [
        (.standardWebhooks, "webhook-timestamp"), (.slack, "X-Slack-Request-Timestamp"),
    ]

    @Test(arguments: [WebhookScheme.standardWebhooks, .slack, .stripe])
    func timestampWindowIsInclusiveAt300Seconds(scheme: WebhookScheme) throws {
        let (verifier, headers) = try Self.fixture(scheme)
        for (offset, verifies) in [(-301.0, false), (-300.0, true), (0, true), (300.0, true), (301.0, false)] {
            let now = Self.now.addingTimeInterval(offset)
            let result = verifier.verify(headers: WebhookHeaders(headers), body: Self.body, now: now)
            if verifies {
                #expect(result == .verified, "offset \(offset)")
            } else {
                #expect(result.isExpired, "offset \(offset): got \(result)")
            }
        }
        // A request from far away in either direction, and a tighter tolerance.
        #expect(verifier.verify(headers: WebhookHeaders(headers), body: Self.body, now: .distantPast).isExpired)
        #expect(verifier.verify(headers: WebhookHeaders(headers), body: Self.body, now: .distantFuture).isExpired)
        let tight = try WebhookVerifier(scheme: scheme, secrets: [WebhookFixtures.secret(for: scheme)], tolerance: 60)
        #expect(tight.verify(headers: WebhookHeaders(headers), body: Self.body, now: Self.now + 61).isExpired)
    }

    @Test(arguments: [
        "1700000000.0", "1700000000.5", "abc", "-1700000000", " 1700000000", "1e9", "", "0x6553F100",
        "17000000000000000000000",
    ])
    func nonIntegerTimestampIsMalformed(value: String) throws {
        for (scheme, header) in Self.timestampHeaders {
            #expect(try Self.verify(scheme, header, value).isMalformed, "\(scheme) \(value)")
        }
        let stripe = try Self.verify(
            .stripe,
            "Stripe-Signature",
            "t=\(value),v1=" + String(repeating: "ab", count: 32)
        )
        #expect(stripe.isMalformed, "stripe \(value): got \(stripe)")
    }

    @Test func missingTimestampOrIDIsMalformed() throws {
        for (scheme, header) in Self.timestampHeaders {
            #expect(try Self.verify(scheme, header, nil).isMalformed)
        }
        #expect(try Self.verify(.standardWebhooks, "webhook-id", nil).isMalformed)
    }

    @Test(arguments: ["msg.1", "msg_1.", ".", "a\u{1}b", String(repeating: "m", count: 513)])
    func badMessageIDIsMalformed(id: String) throws {
        // Signed honestly over the bad id, so that only the id is wrong.
        let secret = WebhookFixtures.secret(for: .standardWebhooks)
        let signature = try WebhookSigner.standardWebhooks(
            secret: secret,
            id: id,
            timestamp: Self.timestamp,
            body: Self.body
        )
        let verifier = try WebhookVerifier(scheme: .standardWebhooks, secrets: [secret])
        let result = verifier.verify(
            headers: WebhookFixtures.standard(signature, id: id),
            body: Self.body,
            now: Self.now
        )
        #expect(result.isMalformed, "got \(result)")
    }

    // MARK: Reasons leak nothing

    @Test(arguments: signingSchemes)
    func reasonsNeverContainSecretsOrSignatures(scheme: WebhookScheme) throws {
        let (verifier, headers) = try Self.fixture(scheme)
        let name = Self.signatureHeader(scheme)
        let signature = try #require(headers.first { $0.0 == name }?.1)
        var flipped = Self.body
        flipped[0] ^= 1
        let results = [
            verifier.verify(headers: WebhookHeaders(headers), body: flipped, now: Self.now),
            verifier.verify(headers: WebhookHeaders(headers), body: Self.body, now: Self.now + 3600),
            verifier.verify(
                headers: Self.replacing(headers, name, with: signature + "zz"),
                body: Self.body,
                now: Self.now
            ),
        ]
        for result in results where result != .verified {
            #expect(!result.reason.isEmpty)
            #expect(!result.reason.contains("test-secret"))
            #expect(!result.reason.contains("key-material"))
            let code = signature.split(whereSeparator: { "=,".contains($0) }).last.map(String.init) ?? signature
            #expect(!result.reason.contains(code))
        }
    }
}
