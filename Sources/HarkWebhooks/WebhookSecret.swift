import Foundation
import HarkCore

/// A shared secret a webhook sender signs with. Its text never appears in a description or a dump.
///
/// How the text becomes the HMAC key depends on the scheme: Standard Webhooks secrets are
/// `whsec_<base64>` and the key is the base64-decoded part after the prefix (as in the reference
/// libraries, the prefix is optional); every other scheme, Stripe's `whsec_...` included, uses the
/// UTF-8 bytes of the text as given.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private enum Storage: Sendable, Hashable {
        case text(String)
        case bytes([UInt8])
    }

    private let storage: Storage

    /// A secret as written in the secret file or environment variable (surrounding white space, such
    /// as a trailing newline, is the caller's to trim).
    public init(_ text: String) {
        storage = .text(text)
    }

    /// A secret given as the raw HMAC key, used as is by every scheme.
    public init(bytes: [UInt8]) {
        storage = .bytes(bytes)
    }

    public var description: String { "WebhookSecret(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// The HMAC key bytes for `scheme`.
    ///
    /// - Throws: `HarkError` (`invalidConfiguration`) when a Standard Webhooks secret is not base64
    ///   or is empty; the message never contains the secret.
    public func keyBytes(for scheme: WebhookScheme) throws -> [UInt8] {
        switch storage {
        case .bytes(let bytes):
            return bytes
        case .text(let text):
            guard scheme == .standardWebhooks else { return Array(text.utf8) }
            let encoded = text.hasPrefix("whsec_") ? String(text.dropFirst(6)) : text
            guard let key = Data(base64Encoded: encoded), !key.isEmpty else {
                throw HarkError(
                    .invalidConfiguration,
                    "a standard-webhooks secret must be 'whsec_' followed by non-empty base64; check the secret file"
                )
            }
            return Array(key)
        }
    }
}
