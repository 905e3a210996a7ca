import Crypto
import Foundation
import HarkCore

/// Checks that a webhook request was signed by its sender, for one configured source.
///
/// Pure: the time comes in as `now`, nothing is read or logged. Several secrets may be active at
/// once so that a sender's secret can be rotated: a request verifies when any of them signed it.
/// Codes are compared on their decoded bytes in constant time (swift-crypto's `==` on an
/// authentication code), and every well-formed signature in a header is tried against every
/// secret, so a rotation on the sender's side (two signatures) and on ours (two secrets) both work.
///
/// Headers are parsed strictly: a signature, timestamp or id header over 8 KiB, repeated, empty
/// after its prefix, not hex or base64, or of the wrong length is `malformed` (a `400`), not
/// `invalid` (a `401`), so that a broken sender is told apart from a forger.
public struct WebhookVerifier: Sendable, CustomReflectable {
    /// The largest signature, timestamp or id header accepted, in bytes.
    public static let maximumHeaderBytes = 8 * 1024
    /// The longest delivery id accepted, in UTF-8 bytes.
    public static let maximumDeliveryIDBytes = 512

    /// The signature scheme.
    public let scheme: WebhookScheme
    /// Where the `hmac-sha256` scheme reads its signature; ignored by the other schemes.
    public let hmacOptions: HMACHeaderOptions
    /// How far a signed timestamp may be from `now`, in seconds, in either direction.
    public let tolerance: TimeInterval
    /// The header that carries the sender's delivery id (see ``deliveryID(headers:)``).
    public let deliveryHeader: String
    /// The HMAC keys, one per active secret.
    let keys: [[UInt8]]

    /// Creates a verifier.
    ///
    /// - Parameters:
    ///   - scheme: How the sender signs.
    ///   - secrets: The active secrets (two or more during a rotation). Ignored by `none`.
    ///   - hmacOptions: Header, prefix and encoding for `hmac-sha256`; the defaults read `X-Signature: <hex>`.
    ///   - tolerance: The replay window for schemes that sign a timestamp; 300 s by default.
    ///   - deliveryHeader: Overrides the scheme's delivery id header (``WebhookScheme/defaultDeliveryHeader``).
    /// - Throws: `HarkError` (`invalidConfiguration`) when a signing scheme has no secret, a secret is
    ///   empty or not decodable, the tolerance is negative, or a header name is empty.
    public init(
        scheme: WebhookScheme,
        secrets: [WebhookSecret],
        hmacOptions: HMACHeaderOptions? = nil,
        tolerance: TimeInterval = 300,
        deliveryHeader: String? = nil
    ) throws {
        guard tolerance >= 0, tolerance.isFinite else {
            throw HarkError(.invalidConfiguration, "the webhook timestamp tolerance must be zero or more seconds")
        }
        let options = hmacOptions ?? HMACHeaderOptions()
        guard !options.header.isEmpty, deliveryHeader?.isEmpty != true else {
            throw HarkError(.invalidConfiguration, "webhook header names must not be empty")
        }
        var keys = [[UInt8]]()
        if scheme != .none {
            guard !secrets.isEmpty else {
                throw HarkError(
                    .invalidConfiguration,
                    "the \(scheme.rawValue) scheme needs at least one secret (secret_file or secret_env)"
                )
            }
            for secret in secrets {
                let key = try secret.keyBytes(for: scheme)
                guard !key.isEmpty else {
                    throw HarkError(.invalidConfiguration, "a webhook secret is empty; check the secret file")
                }
                keys.append(key)
            }
        }
        self.scheme = scheme
        self.hmacOptions = options
        self.tolerance = tolerance
        self.deliveryHeader = deliveryHeader ?? scheme.defaultDeliveryHeader
        self.keys = keys
    }

    /// Hides the keys from `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["scheme": scheme, "tolerance": tolerance, "secrets": keys.count],
            displayStyle: .struct
        )
    }

    /// Verifies one request.
    ///
    /// A signed timestamp exactly `tolerance` seconds from `now` still verifies; the window applies to
    /// timestamps in the future as well as in the past.
    ///
    /// - Parameters:
    ///   - headers: The request headers.
    ///   - body: The raw body exactly as received (before any decoding of its content).
    ///   - now: The current time, for the replay window.
    public func verify(headers: WebhookHeaders, body: some DataProtocol, now: Date) -> WebhookVerification {
        switch scheme {
        case .none:
            .verified
        case .github:
            verifyPrefixed(headers, header: "X-Hub-Signature-256", prefix: "sha256=", encoding: .hex, body: body)
        case .discourse:
            verifyPrefixed(
                headers,
                header: "X-Discourse-Event-Signature",
                prefix: "sha256=",
                encoding: .hex,
                body: body
            )
        case .hmacSHA256:
            verifyPrefixed(
                headers,
                header: hmacOptions.header,
                prefix: hmacOptions.prefix,
                encoding: hmacOptions.encoding,
                body: body
            )
        case .slack:
            verifySlack(headers, body: body, now: now)
        case .stripe:
            verifyStripe(headers, body: body, now: now)
        case .standardWebhooks:
            verifyStandardWebhooks(headers, body: body, now: now)
        }
    }

    /// The sender's delivery id from ``deliveryHeader``, or `nil` when the header is absent.
    ///
    /// - Throws: ``MalformedWebhookHeader`` when the header is repeated, empty, longer than 512 bytes
    ///   or contains a control character.
    public func deliveryID(headers: WebhookHeaders) throws(MalformedWebhookHeader) -> String? {
        switch HeaderLookup(headers, deliveryHeader, maximumBytes: Self.maximumHeaderBytes) {
        case .absent:
            return nil
        case .malformed(let reason):
            throw MalformedWebhookHeader(reason)
        case .value(let id):
            if let problem = deliveryIDProblem(id, header: deliveryHeader, maximumBytes: Self.maximumDeliveryIDBytes) {
                throw MalformedWebhookHeader(problem)
            }
            return id
        }
    }

    /// Whether any key signed `prefix + body` with any of `signatures`, compared in constant time.
    func anyKeySigned(_ signatures: [[UInt8]], prefix: [UInt8], body: some DataProtocol) -> Bool {
        var matched = false
        for key in keys {
            var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
            hmac.update(data: prefix)
            hmac.update(data: body)
            let code = hmac.finalize()
            for signature in signatures where code == signature {
                matched = true
            }
        }
        return matched
    }

    /// The replay-window check for a signed timestamp.
    func expiry(of timestamp: Int64, now: Date) -> WebhookVerification? {
        let skew = now.timeIntervalSince1970 - Double(timestamp)
        guard abs(skew) > tolerance else { return nil }
        let direction = skew > 0 ? "old" : "in the future"
        let seconds = abs(skew).isFinite ? Int64(min(abs(skew), 1e15).rounded()) : Int64(1e15)
        let window = Int64(min(tolerance, 1e15))
        return .expired("the signed timestamp is \(seconds) s \(direction), over the \(window) s tolerance")
    }
}
