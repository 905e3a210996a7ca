/// Where the `hmac-sha256` scheme finds its signature and how the code is written.
///
/// The signature header holds `prefix` followed by the HMAC-SHA256 of the raw body, encoded as hex
/// or base64, e.g. `X-Signature: sha256=3f2a...`.
public struct HMACHeaderOptions: Sendable, Hashable {
    /// How the authentication code is written in the header.
    public enum Encoding: String, Sendable, Hashable, Codable, CaseIterable {
        /// Hexadecimal, decoded case-insensitively.
        case hex
        /// Standard base64 with padding (RFC 4648 section 4).
        case base64
    }

    /// The header that carries the signature, matched case-insensitively.
    public var header: String
    /// Text in front of the encoded code, such as `sha256=`; matched exactly. Empty by default.
    public var prefix: String
    /// How the code is encoded after the prefix.
    public var encoding: Encoding

    /// Creates header options; the defaults read `X-Signature: <hex>`.
    public init(header: String = "X-Signature", prefix: String = "", encoding: Encoding = .hex) {
        self.header = header
        self.prefix = prefix
        self.encoding = encoding
    }
}
