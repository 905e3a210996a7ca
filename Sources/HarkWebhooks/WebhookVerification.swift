/// The answer of ``WebhookVerifier/verify(headers:body:now:)``.
///
/// The reason strings name headers and what was wrong with them; they never contain a secret, a
/// signature or a body, so they may be logged and returned to the sender.
public enum WebhookVerification: Sendable, Hashable {
    /// A configured secret signed exactly this body (and id and timestamp, where the scheme signs them).
    case verified
    /// The signature header is absent. Answered `401`.
    case missingSignature
    /// A header the scheme needs is present but cannot be parsed (no value, not hex, wrong length,
    /// over the size cap, a timestamp that is not an integer). Answered `400`.
    case malformed(String)
    /// The signature is well formed but no configured secret produced it. Answered `401`.
    case invalid(String)
    /// The signed timestamp is further than the tolerance from now, in either direction. Answered `401`.
    case expired(String)

    /// Whether the request may be processed.
    public var isVerified: Bool { self == .verified }

    /// A short, stable label for metrics and audit records: `verified`, `missing_signature`,
    /// `malformed`, `invalid` or `expired`.
    public var label: String {
        switch self {
        case .verified: "verified"
        case .missingSignature: "missing_signature"
        case .malformed: "malformed"
        case .invalid: "invalid"
        case .expired: "expired"
        }
    }
}
