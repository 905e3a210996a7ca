import Foundation

/// Where and how ``SMTPSender`` delivers mail. Its description names the server, never the
/// password.
public struct SMTPSettings: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The server: `smtp://host:port` (STARTTLS, see ``requireTLS``) or `smtps://host:port` (TLS
    /// from the start), without credentials (set ``username`` and ``password``). A path names the
    /// host announced in `EHLO` (`smtp://mail.example.com:587/example.com`); without one libcurl
    /// announces this machine's name.
    public var url: String
    /// The user to log in as, or `nil` to send without logging in.
    public var username: String?
    /// The password (a secret: never logged, never in an error).
    public var password: String?
    /// For `smtp://`: whether the connection must be upgraded with STARTTLS before anything else
    /// is sent (`CURLUSESSL_ALL`). When `false`, STARTTLS is still used when the server offers
    /// it. Credentials are only ever sent over TLS, so a login needs this or `smtps://`.
    public var requireTLS: Bool
    /// The time one delivery may take, connection included.
    public var timeout: Duration
    /// A PEM file of CA certificates to trust instead of the system's, or `nil`. Verification of
    /// the server's certificate and host name always stays on.
    public var certificateAuthorities: String?

    /// Settings for a server.
    public init(
        url: String, username: String? = nil, password: String? = nil, requireTLS: Bool = true,
        timeout: Duration = .seconds(30), certificateAuthorities: String? = nil
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.requireTLS = requireTLS
        self.timeout = timeout
        self.certificateAuthorities = certificateAuthorities
    }

    public var description: String {
        "SMTPSettings(url: \(redactedURL), login: \(username == nil ? "none" : "set"), requireTLS: \(requireTLS), "
            + "timeout: \(timeout))"
    }

    public var debugDescription: String { description }

    /// The URL with any user information in it replaced by `***`.
    var redactedURL: String {
        guard let start = url.range(of: "://")?.upperBound else { return url }
        let authorityEnd = url[start...].firstIndex(of: "/") ?? url.endIndex
        guard let at = url[start..<authorityEnd].lastIndex(of: "@") else { return url }
        return url[..<start] + "***" + url[at...]
    }
}

/// The SMTP envelope of one delivery: who the server bounces to, and who gets the message
/// (independent of the message's `From` and `To`).
public struct SMTPEnvelope: Sendable, Hashable {
    /// The envelope sender (`MAIL FROM`), a plain `local@domain`; `""` sends the null reverse
    /// path `<>`, which automatic answers use so that a bounce of them goes nowhere.
    public var from: String
    /// The recipients (`RCPT TO`), each a plain `local@domain`; at least one, at most 100.
    public var recipients: [String]

    /// An envelope.
    public init(from: String, recipients: [String]) {
        self.from = from
        self.recipients = recipients
    }

    /// Whether `address` is a plain addr-spec safe in an SMTP command: one `@` with text on both
    /// sides, at most 254 characters, no blank, control character, `<`, `>`, quote, parenthesis,
    /// comma, semicolon, colon or backslash.
    public static func isPlainAddress(_ address: String) -> Bool {
        guard address.utf8.count <= 254, let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty, !domain.contains("@") else { return false }
        return address.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x00...0x20, 0x7F...0xA0, 0x2028, 0x2029: return false
            default: return !"<>()[],;:\\\"".unicodeScalars.contains(scalar)
            }
        }
    }
}
