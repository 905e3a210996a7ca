import Foundation
import HarkCore
import HarkWebhooks
import Testing

/// Known answers computed independently (Python's `hmac`), signing round trips, rotation (W4) and
/// delivery ids.
@Suite struct WebhookVerifierTests {
    static let body = Array(#"{"id":"evt_1","text":"Invoice charged twice"}"#.utf8)
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    // MARK: Known answers

    @Test func stripeKnownAnswer() throws {
        let header = "t=1700000000,v1=7cb65807c5b986e3735d7e6fcbef3ef6bfe9332f6f5e5d1ca413bb290c91f1ee"
        let secret = WebhookSecret("whsec_stripe_test_secret")
        let verifier = try WebhookVerifier(scheme: .stripe, secrets: [secret])
        #expect(verifier.verify(headers: ["Stripe-Signature": header], body: Self.body, now: Self.now) == .verified)
        #expect(try WebhookSigner.stripe(secret: secret, timestamp: 1_700_000_000, body: Self.body) == header)
        // Stripe's secret is used as text, prefix included; a test-mode v0 entry is ignored.
        let withV0 = header + ",v0=" + String(repeating: "0", count: 64)
        #expect(verifier.verify(headers: ["Stripe-Signature": withV0], body: Self.body, now: Self.now) == .verified)
    }

    @Test(arguments: [
        (HMACHeaderOptions.Encoding.hex, "e16cbe7fccd67e8269ae4f5abbfb5108967495e635a7ddf777a710098fb3e79a"),
        (.base64, "4Wy+f8zWfoJprk9au/tRCJZ0leY1p933d6cQCY+z55o="),
    ])
    func hmacSHA256KnownAnswer(encoding: HMACHeaderOptions.Encoding, code: String) throws {
        let options = HMACHeaderOptions(header: "X-Hark-Signature", prefix: "sha256=", encoding: encoding)
        let secret = WebhookSecret("hark-hmac-secret")
        let verifier = try WebhookVerifier(scheme: .hmacSHA256, secrets: [secret], hmacOptions: options)
        let headers: WebhookHeaders = ["x-hark-signature": "sha256=" + code]
        #expect(verifier.verify(headers: headers, body: Self.body, now: Self.now) == .verified)
        #expect(try WebhookSigner.hmacSHA256(secret: secret, body: Self.body, options: options) == "sha256=" + code)
        // The default options read `X-Signature` without a prefix.
        let plain = try WebhookVerifier(
            scheme: .hmacSHA256,
            secrets: [secret],
            hmacOptions: HMACHeaderOptions(encoding: encoding)
        )
        #expect(plain.verify(headers: ["X-Signature": code], body: Self.body, now: Self.now) == .verified)
    }

    // MARK: Round trips

    static let signingSchemes = WebhookScheme.allCases.filter { $0 != .none }

    @Test(arguments: WebhookScheme.allCases)
    func signerHeadersVerify(scheme: WebhookScheme) throws {
        let secret = WebhookFixtures.secret(for: scheme)
        let headers = try WebhookSigner.headers(
            scheme: scheme,
            secret: secret,
            body: Self.body,
            timestamp: 1_700_000_000,
            deliveryID: "msg_1"
        )
        let verifier = try WebhookVerifier(scheme: scheme, secrets: [secret])
        #expect(verifier.verify(headers: WebhookHeaders(headers), body: Self.body, now: Self.now) == .verified)
        #expect(verifier.verify(headers: WebhookHeaders(headers), body: Data(Self.body), now: Self.now) == .verified)
        #expect(try verifier.deliveryID(headers: WebhookHeaders(headers)) == "msg_1")
    }

    @Test func noneVerifiesAnythingWithoutSecrets() throws {
        let verifier = try WebhookVerifier(scheme: .none, secrets: [])
        #expect(verifier.verify(headers: [:], body: [UInt8](), now: Self.now) == .verified)
    }

    // MARK: Rotation (W4)

    @Test(arguments: signingSchemes)
    func rotationAcceptsOldAndNewSecretsOnly(scheme: WebhookScheme) throws {
        let old = WebhookFixtures.secret(for: scheme, seed: "old")
        let new = WebhookFixtures.secret(for: scheme, seed: "new")
        let other = WebhookFixtures.secret(for: scheme, seed: "other")
        let verifier = try WebhookVerifier(scheme: scheme, secrets: [old, new])
        for (secret, verifies) in [(old, true), (new, true), (other, false)] {
            let headers = try WebhookSigner.headers(
                scheme: scheme,
                secret: secret,
                body: Self.body,
                timestamp: 1_700_000_000,
                deliveryID: "msg_1"
            )
            let result = verifier.verify(headers: WebhookHeaders(headers), body: Self.body, now: Self.now)
            if verifies {
                #expect(result == .verified)
            } else {
                #expect(result.isInvalid, "got \(result)")
            }
        }
    }

    @Test func rotationAcceptsBothSignaturesInOneHeader() throws {
        let old = WebhookSecret("whsec_" + Data("old-key-bytes".utf8).base64EncodedString())
        let new = WebhookSecret("whsec_" + Data("new-key-bytes".utf8).base64EncodedString())
        let other = WebhookSecret("whsec_" + Data("other-key".utf8).base64EncodedString())
        let sign = { (secret: WebhookSecret) in
            try WebhookSigner.standardWebhooks(secret: secret, id: "msg_1", timestamp: 1_700_000_000, body: Self.body)
        }
        let both = try sign(old) + " " + sign(new)
        let neither = try sign(other) + " " + sign(WebhookSecret("whsec_" + Data("x".utf8).base64EncodedString()))
        for secrets in [[old], [new], [old, new]] {
            let verifier = try WebhookVerifier(scheme: .standardWebhooks, secrets: secrets)
            #expect(
                verifier.verify(headers: WebhookFixtures.standard(both), body: Self.body, now: Self.now) == .verified
            )
            #expect(
                verifier.verify(headers: WebhookFixtures.standard(neither), body: Self.body, now: Self.now).isInvalid
            )
        }

        let stripeOld = WebhookSecret("whsec_old")
        let stripeNew = WebhookSecret("whsec_new")
        let stripeBoth =
            try WebhookSigner.stripe(secret: stripeOld, timestamp: 1_700_000_000, body: Self.body)
            + ","
            + (try WebhookSigner.stripe(secret: stripeNew, timestamp: 1_700_000_000, body: Self.body))
            .split(separator: ",")[1]
        let verifier = try WebhookVerifier(scheme: .stripe, secrets: [stripeNew])
        #expect(verifier.verify(headers: ["Stripe-Signature": stripeBoth], body: Self.body, now: Self.now) == .verified)
    }

    // MARK: Delivery ids

    @Test(arguments: [
        (WebhookScheme.standardWebhooks, "webhook-id"), (.github, "X-GitHub-Delivery"),
        (.discourse, "X-Discourse-Event-Id"), (.slack, "X-Delivery-Id"), (.stripe, "X-Delivery-Id"),
        (.hmacSHA256, "X-Delivery-Id"), (.none, "X-Delivery-Id"),
    ])
    func deliveryIDHeaderPerScheme(scheme: WebhookScheme, header: String) throws {
        let verifier = try WebhookVerifier(scheme: scheme, secrets: [WebhookFixtures.secret(for: scheme)])
        #expect(verifier.deliveryHeader == header)
        #expect(
            try verifier.deliveryID(headers: [header.uppercased(): "72d3162e-cc78-11e3-81ab-4c9367dc0958"])
                == "72d3162e-cc78-11e3-81ab-4c9367dc0958"
        )
        #expect(try verifier.deliveryID(headers: [:]) == nil)

        let custom = try WebhookVerifier(
            scheme: scheme,
            secrets: [WebhookFixtures.secret(for: scheme)],
            deliveryHeader: "X-Request-Id"
        )
        #expect(try custom.deliveryID(headers: ["x-request-id": "r-1", header: "ignored"]) == "r-1")
    }

    @Test(arguments: [
        String(repeating: "a", count: 513), "id\u{0}x", "line\nbreak", "tab\there", "del\u{7F}", "",
    ])
    func malformedDeliveryIDsThrow(id: String) throws {
        let verifier = try WebhookVerifier(scheme: .github, secrets: [WebhookSecret("s")])
        #expect(throws: MalformedWebhookHeader.self) {
            try verifier.deliveryID(headers: ["X-GitHub-Delivery": id])
        }
    }

    @Test func deliveryIDAtTheLimitAndRepeatedHeaders() throws {
        let verifier = try WebhookVerifier(scheme: .github, secrets: [WebhookSecret("s")])
        let longest = String(repeating: "é", count: 256)
        #expect(try verifier.deliveryID(headers: ["X-GitHub-Delivery": longest]) == longest)
        #expect(throws: MalformedWebhookHeader.self) {
            try verifier.deliveryID(headers: WebhookHeaders([("X-GitHub-Delivery", "a"), ("X-GitHub-Delivery", "b")]))
        }
    }

    // MARK: Configuration and redaction

    @Test func configurationErrors() {
        #expect(throws: HarkError.self) { try WebhookVerifier(scheme: .github, secrets: []) }
        #expect(throws: HarkError.self) { try WebhookVerifier(scheme: .github, secrets: [WebhookSecret("")]) }
        #expect(throws: HarkError.self) {
            try WebhookVerifier(scheme: .standardWebhooks, secrets: [WebhookSecret("whsec_not base64!")])
        }
        #expect(throws: HarkError.self) {
            try WebhookVerifier(scheme: .github, secrets: [WebhookSecret("s")], tolerance: -1)
        }
        #expect(throws: HarkError.self) {
            try WebhookVerifier(
                scheme: .hmacSHA256,
                secrets: [WebhookSecret("s")],
                hmacOptions: HMACHeaderOptions(header: "")
            )
        }
    }

    @Test func secretsNeverShowInDescriptions() throws {
        let secret = WebhookSecret("hunter2-very-secret")
        let verifier = try WebhookVerifier(scheme: .github, secrets: [secret])
        var dumped = ""
        dump(verifier, to: &dumped)
        dump(secret, to: &dumped)
        for text in [String(describing: secret), String(reflecting: secret), String(reflecting: verifier), dumped] {
            #expect(!text.contains("hunter2"))
            #expect(!text.contains(Array("hunter2".utf8).map(String.init).joined(separator: ", ")))
        }
    }

    @Test func standardWebhooksSecretIsBase64DecodedAfterThePrefix() throws {
        let key = Array("raw key bytes".utf8)
        let encoded = Data(key).base64EncodedString()
        #expect(try WebhookSecret("whsec_" + encoded).keyBytes(for: .standardWebhooks) == key)
        #expect(try WebhookSecret(encoded).keyBytes(for: .standardWebhooks) == key)
        #expect(try WebhookSecret("whsec_" + encoded).keyBytes(for: .stripe) == Array(("whsec_" + encoded).utf8))
        #expect(try WebhookSecret(bytes: key).keyBytes(for: .standardWebhooks) == key)
    }
}

extension WebhookFixtures {
    /// A valid secret for `scheme`: base64 for Standard Webhooks, plain text otherwise.
    static func secret(for scheme: WebhookScheme, seed: String = "test") -> WebhookSecret {
        scheme == .standardWebhooks
            ? WebhookSecret("whsec_" + Data("\(seed)-key-material".utf8).base64EncodedString())
            : WebhookSecret("\(seed)-secret")
    }

    /// Standard Webhooks headers for the `msg_1` / 1700000000 request.
    static func standard(
        _ signature: String,
        id: String = "msg_1",
        timestamp: String = "1700000000"
    ) -> WebhookHeaders {
        ["webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature]
    }
}
