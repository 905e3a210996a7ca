import Foundation
import HarkWebhooks
import Testing

/// W1: the providers' published known-answer vectors (`shared/corpora/webhooks/signature_vectors.json`).
@Suite(.enabled(if: WebhookFixtures.hasVectors, "the webhook corpus is absent"))
struct WebhookSignatureVectorTests {
    static let vectors = WebhookFixtures.signatureVectors()

    @Test func corpusCoversEverySchemeWithVectors() {
        let schemes = Set(Self.vectors.map(\.scheme))
        #expect(schemes == [.github, .slack, .standardWebhooks, .discourse])
    }

    @Test(arguments: vectors)
    func publishedSignatureVerifies(_ vector: SignatureVector) throws {
        let verifier = try WebhookVerifier(scheme: vector.scheme, secrets: [WebhookSecret(vector.vector.secret)])
        let result = verifier.verify(
            headers: vector.headers(signature: vector.vector.expectedHeader),
            body: vector.body,
            now: vector.now
        )
        #expect(result == .verified)
    }

    @Test(arguments: vectors)
    func signerReproducesThePublishedHeader(_ vector: SignatureVector) throws {
        let secret = WebhookSecret(vector.vector.secret)
        let signature: String
        switch vector.scheme {
        case .github: signature = try WebhookSigner.github(secret: secret, body: vector.body)
        case .discourse: signature = try WebhookSigner.discourse(secret: secret, body: vector.body)
        case .slack: signature = try WebhookSigner.slack(secret: secret, timestamp: vector.timestamp, body: vector.body)
        case .standardWebhooks:
            signature = try WebhookSigner.standardWebhooks(
                secret: secret,
                id: vector.vector.id ?? "",
                timestamp: vector.timestamp,
                body: vector.body
            )
        default:
            Issue.record("unexpected scheme \(vector.scheme) in the corpus")
            return
        }
        #expect(signature == vector.vector.expectedHeader)
    }

    @Test(arguments: vectors)
    func publishedSignatureFailsForAFlippedBodyBit(_ vector: SignatureVector) throws {
        let verifier = try WebhookVerifier(scheme: vector.scheme, secrets: [WebhookSecret(vector.vector.secret)])
        var body = vector.body
        body[0] ^= 0x01
        let result = verifier.verify(
            headers: vector.headers(signature: vector.vector.expectedHeader),
            body: body,
            now: vector.now
        )
        #expect(result.isInvalid, "got \(result)")
    }

    @Test func publishedNegativeVectorIsRejected() throws {
        let negatives = Self.vectors.filter { $0.negativeHeader != nil }
        #expect(!negatives.isEmpty)
        for vector in negatives {
            let verifier = try WebhookVerifier(scheme: vector.scheme, secrets: [WebhookSecret(vector.vector.secret)])
            let result = verifier.verify(
                headers: vector.headers(signature: vector.negativeHeader ?? ""),
                body: vector.body,
                now: vector.now
            )
            #expect(result.isInvalid, "\(vector.scheme) negative vector: got \(result)")
        }
    }

    @Test(arguments: vectors.filter(\.scheme.signsTimestamp))
    func publishedSignatureExpiresOutsideTheWindow(_ vector: SignatureVector) throws {
        let verifier = try WebhookVerifier(scheme: vector.scheme, secrets: [WebhookSecret(vector.vector.secret)])
        let headers = vector.headers(signature: vector.vector.expectedHeader)
        let signed = TimeInterval(vector.timestamp)
        for (offset, verifies) in [(-301.0, false), (-300.0, true), (300.0, true), (301.0, false)] {
            let result = verifier.verify(
                headers: headers,
                body: vector.body,
                now: Date(timeIntervalSince1970: signed + offset)
            )
            if verifies {
                #expect(result == .verified, "offset \(offset)")
            } else {
                #expect(result.isExpired, "offset \(offset): got \(result)")
            }
        }
    }
}
