import HarkCurl

/// How to reach and log in to one IMAP server.
public struct IMAPConfiguration: Sendable {
    /// How the connection is protected.
    public enum Security: Sendable, Hashable {
        /// TLS from the first byte (`imaps://`, port 993).
        case tls
        /// Plain connect, then `STARTTLS`, which must succeed (port 143).
        case startTLS
        /// No TLS at all: credentials travel in clear. Only for loopback tests.
        case none
    }

    /// How to log in. Both carry secrets: ``description`` never shows them.
    public enum Authentication: Sendable, Hashable, CustomStringConvertible {
        /// `LOGIN` or `AUTHENTICATE PLAIN`, done by libcurl.
        case password(user: String, password: String)
        /// `AUTHENTICATE XOAUTH2` with an OAuth 2 bearer token.
        case xoauth2(user: String, token: String)

        /// The user name.
        public var user: String {
            switch self {
            case .password(let user, _), .xoauth2(let user, _): user
            }
        }

        public var description: String {
            switch self {
            case .password: "password (redacted)"
            case .xoauth2: "XOAUTH2 token (redacted)"
            }
        }
    }

    /// The server's host name or IP address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// TLS, STARTTLS or none.
    public var security: Security
    /// The credentials (secret).
    public var authentication: Authentication
    /// A PEM file of CA certificates to trust instead of the system's (a private CA, or a
    /// test's own certificate). Peer and host name verification stay on.
    public var certificateAuthorities: String?
    /// Which addresses may be connected to (`network.allow_cidrs`).
    public var addressPolicy: AddressPolicy
    /// The time limits.
    public var timeouts: IMAPTimeouts
    /// The size limits.
    public var limits: IMAPLimits

    /// A configuration; `port` defaults to 993 for ``Security/tls`` and 143 otherwise.
    public init(
        host: String,
        port: Int? = nil,
        security: Security = .tls,
        authentication: Authentication,
        certificateAuthorities: String? = nil,
        addressPolicy: AddressPolicy = AddressPolicy(),
        timeouts: IMAPTimeouts = IMAPTimeouts(),
        limits: IMAPLimits = IMAPLimits()
    ) {
        self.host = host
        self.port = port ?? (security == .tls ? 993 : 143)
        self.security = security
        self.authentication = authentication
        self.certificateAuthorities = certificateAuthorities
        self.addressPolicy = addressPolicy
        self.timeouts = timeouts
        self.limits = limits
    }

    /// The URL libcurl connects to (no credentials in it).
    /// - Throws: ``IMAPError`` `invalid_argument` for a host or port that cannot be used.
    func curlURL() throws(IMAPError) -> String {
        guard (1...65_535).contains(port) else {
            throw IMAPError(.invalidArgument, "the IMAP port \(port) is out of range")
        }
        let scheme = security == .tls ? "imaps" : "imap"
        if let address = IPAddress(host) { return "\(scheme)://\(address.urlHost):\(port)/" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_".utf8)
        guard !host.isEmpty, host.utf8.count <= 253, host.utf8.allSatisfy({ allowed.contains($0) }) else {
            throw IMAPError(.invalidArgument, "the IMAP host is not a host name or IP address")
        }
        return "\(scheme)://\(host):\(port)/"
    }

    /// `host:port`, for messages.
    var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The time limits of an IMAP connection (reliability.md §5).
public struct IMAPTimeouts: Sendable, Hashable {
    /// Connecting, TLS and logging in.
    public var connect: Duration
    /// One command from sending it to its tagged completion.
    public var command: Duration
    /// The longest silence while a command runs.
    public var inactivity: Duration
    /// How long one `IDLE` lasts before it is ended and issued again (RFC 2177 asks for less
    /// than 30 minutes).
    public var idleRestart: Duration
    /// How often a server without `IDLE` is asked for news (`NOOP`) while waiting.
    public var pollInterval: Duration

    /// The defaults: 10 s to connect, 120 s per command, 30 s of silence, `IDLE` re-issued every
    /// 29 minutes, polling once a minute without `IDLE`.
    public init(
        connect: Duration = .seconds(10),
        command: Duration = .seconds(120),
        inactivity: Duration = .seconds(30),
        idleRestart: Duration = .seconds(29 * 60),
        pollInterval: Duration = .seconds(60)
    ) {
        self.connect = connect
        self.command = command
        self.inactivity = inactivity
        self.idleRestart = min(idleRestart, .seconds(29 * 60))
        self.pollInterval = pollInterval
    }
}
