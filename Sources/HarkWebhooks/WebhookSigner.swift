import Crypto
import Foundation
import HarkCore

/// Signs webhook requests the way each scheme's sender does.
///
/// For tests, the benchmark sender and anyone checking a configuration by hand; the daemon itself
/// only verifies. Every function computes HMAC-SHA256 with the key ``WebhookSecret/keyBytes(for:)``
/// gives for the scheme.
public enum WebhookSigner: Sendable {
    /// The headers of a correctly signed request: the signature, the timestamp where the scheme signs
    /// one, and the delivery id in the scheme's default delivery header.
    ///
    /// - Parameters:
    ///   - scheme: The scheme to sign for; `none` gives only the delivery id header.
    ///   - secret: The secret to sign with.
    ///   - body: The exact body that will be sent.
    ///   - timestamp: Unix seconds, for the schemes that sign a timestamp.
    ///   - deliveryID: The delivery (message) id; Standard Webhooks signs it, so it must not contain `.`.
    ///   - hmacOptions: Header, prefix and encoding for `hmac-sha256`.
    /// - Throws: `HarkError` when the secret cannot be used for the scheme.
    public static func headers(
        scheme: WebhookScheme,
        secret: WebhookSecret,
        body: some DataProtocol,
        timestamp: Int64,
        deliveryID: String,
        hmacOptions: HMACHeaderOptions = HMACHeaderOptions()
    ) throws -> [(String, String)] {
        let delivery = (scheme.defaultDeliveryHeader, deliveryID)
        switch scheme {
        case .none:
            return [delivery]
        case .github:
            return [("X-Hub-Signature-256", try github(secret: secret, body: body)), delivery]
        case .discourse:
            return [("X-Discourse-Event-Signature", try discourse(secret: secret, body: body)), delivery]
        case .hmacSHA256:
            return [(hmacOptions.header, try hmacSHA256(secret: secret, body: body, options: hmacOptions)), delivery]
        case .slack:
            return [
                ("X-Slack-Signature", try slack(secret: secret, timestamp: timestamp, body: body)),
                ("X-Slack-Request-Timestamp", String(timestamp)), delivery,
            ]
        case .stripe:
            return [("Stripe-Signature", try stripe(secret: secret, timestamp: timestamp, body: body)), delivery]
        case .standardWebhooks:
            let signature = try standardWebhooks(secret: secret, id: deliveryID, timestamp: timestamp, body: body)
            return [
                ("webhook-id", deliveryID), ("webhook-timestamp", String(timestamp)),
                ("webhook-signature", signature),
            ]
        }
    }

    /// `X-Hub-Signature-256`: `sha256=<hex of HMAC(secret, body)>`.
    public static func github(secret: WebhookSecret, body: some DataProtocol) throws -> String {
        "sha256=" + (try code(secret, .github, prefix: "", body: body)).hexString
    }

    /// `X-Discourse-Event-Signature`: `sha256=<hex of HMAC(secret, body)>`.
    public static func discourse(secret: WebhookSecret, body: some DataProtocol) throws -> String {
        "sha256=" + (try code(secret, .discourse, prefix: "", body: body)).hexString
    }

    /// `X-Slack-Signature`: `v0=<hex of HMAC(secret, "v0:" + timestamp + ":" + body)>`.
    public static func slack(secret: WebhookSecret, timestamp: Int64, body: some DataProtocol) throws -> String {
        "v0=" + (try code(secret, .slack, prefix: "v0:\(timestamp):", body: body)).hexString
    }

    /// `Stripe-Signature`: `t=<timestamp>,v1=<hex of HMAC(secret, timestamp + "." + body)>`.
    public static func stripe(secret: WebhookSecret, timestamp: Int64, body: some DataProtocol) throws -> String {
        "t=\(timestamp),v1=" + (try code(secret, .stripe, prefix: "\(timestamp).", body: body)).hexString
    }

    /// `webhook-signature`: `v1,<base64 of HMAC(key, id + "." + timestamp + "." + body)>`.
    public static func standardWebhooks(
        secret: WebhookSecret,
        id: String,
        timestamp: Int64,
        body: some DataProtocol
    ) throws -> String {
        let mac = try code(secret, .standardWebhooks, prefix: "\(id).\(timestamp).", body: body)
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The `hmac-sha256` header value: `options.prefix` and the code of the body in `options.encoding`.
    public static func hmacSHA256(
        secret: WebhookSecret,
        body: some DataProtocol,
        options: HMACHeaderOptions = HMACHeaderOptions()
    ) throws -> String {
        let mac = try code(secret, .hmacSHA256, prefix: "", body: body)
        switch options.encoding {
        case .hex: return options.prefix + mac.hexString
        case .base64: return options.prefix + Data(mac).base64EncodedString()
        }
    }

    private static func code(
        _ secret: WebhookSecret,
        _ scheme: WebhookScheme,
        prefix: String,
        body: some DataProtocol
    ) throws -> [UInt8] {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: try secret.keyBytes(for: scheme)))
        hmac.update(data: Array(prefix.utf8))
        hmac.update(data: body)
        return Array(hmac.finalize())
    }
}
