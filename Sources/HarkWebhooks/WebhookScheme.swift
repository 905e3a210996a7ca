/// How a webhook sender signs its requests (`sources[].scheme` in the configuration).
///
/// Every scheme is an HMAC-SHA256 over the raw body, possibly with a delivery id and a timestamp in
/// front; they differ in the headers and in how the code is encoded. `none` accepts everything and is
/// allowed only on a loopback listener (the daemon checks that, not this type).
public enum WebhookScheme: String, Sendable, Codable, CaseIterable {
    /// [Standard Webhooks](https://www.standardwebhooks.com) (Svix): `webhook-id`, `webhook-timestamp`
    /// and `webhook-signature: v1,<base64>`, signed over `id.timestamp.body`.
    case standardWebhooks = "standard-webhooks"
    /// GitHub: `X-Hub-Signature-256: sha256=<hex>` over the body; no timestamp.
    case github
    /// Slack: `X-Slack-Signature: v0=<hex>` over `v0:timestamp:body`, with `X-Slack-Request-Timestamp`.
    case slack
    /// Discourse: `X-Discourse-Event-Signature: sha256=<hex>` over the body; no timestamp.
    case discourse
    /// Stripe: `Stripe-Signature: t=<timestamp>,v1=<hex>[,v1=<hex>]` over `timestamp.body`.
    case stripe
    /// A plain HMAC-SHA256 of the body in a configurable header (see ``HMACHeaderOptions``).
    case hmacSHA256 = "hmac-sha256"
    /// No signature at all: every request verifies.
    case none

    /// The header that carries the sender's delivery id when the configuration names none.
    public var defaultDeliveryHeader: String {
        switch self {
        case .standardWebhooks: "webhook-id"
        case .github: "X-GitHub-Delivery"
        case .discourse: "X-Discourse-Event-Id"
        case .slack, .stripe, .hmacSHA256, .none: "X-Delivery-Id"
        }
    }

    /// Whether the scheme signs a timestamp, so that a replay outside the tolerance is refused.
    public var signsTimestamp: Bool {
        switch self {
        case .standardWebhooks, .slack, .stripe: true
        case .github, .discourse, .hmacSHA256, .none: false
        }
    }
}
