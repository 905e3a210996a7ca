internal import CCurl

/// Why a delivery failed, and whether trying again later can help.
///
/// The message names what failed (the step, the SMTP reply code, the blocked IP), never the
/// message, the addresses or the credentials.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, as shown in logs and on the outbox (`rejected`, `timeout`, ...).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// The server's address is loopback, private, link-local, ... and not allowed.
        public static let blockedAddress = Code("blocked_address")
        /// No connection could be made, or it broke.
        public static let connectError = Code("connect_error")
        /// The server's host name could not be resolved.
        public static let dnsError = Code("dns_error")
        /// The time limit was reached.
        public static let timeout = Code("timeout")
        /// TLS failed: the handshake, the certificate, or STARTTLS required but not offered.
        public static let tlsError = Code("tls_error")
        /// The server refused the login.
        public static let loginDenied = Code("login_denied")
        /// The server refused the sender, a recipient or the message (see the reply code).
        public static let rejected = Code("rejected")
        /// The message or an envelope address cannot be sent safely; nothing was sent.
        public static let invalidMessage = Code("invalid_message")
        /// The settings cannot work (a scheme other than smtp/smtps, credentials without TLS).
        public static let invalidSettings = Code("invalid_settings")
        /// The server broke the protocol.
        public static let protocolError = Code("protocol_error")
        /// The calling task was cancelled.
        public static let cancelled = Code("cancelled")

        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, for logs (no addresses, no message content, no secrets).
    public var message: String
    /// Whether the failure is the message's own and final, so that retrying cannot help: a 5xx
    /// rejection, a refused login, an invalid message. `false` for 4xx replies, time-outs,
    /// connection and TLS problems and everything else a later attempt may get past.
    public var isPermanent: Bool
    /// The last SMTP reply code the server sent, or `nil` when none is known.
    public var replyCode: Int?

    /// An error.
    public init(_ code: Code, _ message: String, isPermanent: Bool = false, replyCode: Int? = nil) {
        self.code = code
        self.message = message
        self.isPermanent = isPermanent
        self.replyCode = replyCode
    }

    public var description: String { "\(code): \(message)" }
}

extension SMTPError {
    /// The error for a failed libcurl SMTP transfer, judged by the last reply code first: a 4xx
    /// reply is temporary, a 5xx one permanent, whatever `CURLcode` libcurl made of it.
    init(curl error: CurlError, replyCode: Int) {
        let detail = "\(error.message) (curl \(error.code))"
        let code = CURLcode(rawValue: UInt32(clamping: error.code))
        let reply = replyCode >= 400 && replyCode < 600 ? replyCode : nil
        switch code {
        case CURLE_LOGIN_DENIED:
            // 454 is a temporary authentication failure (RFC 4954); 535 and the rest are final.
            self.init(.loginDenied, detail, isPermanent: reply.map { $0 >= 500 } ?? true, replyCode: reply)
            return
        case CURLE_USE_SSL_FAILED:
            self.init(.tlsError, "the server does not offer STARTTLS, which is required (\(detail))")
            return
        default:
            break
        }
        if let reply {
            self.init(.rejected, "the server answered \(reply): \(detail)", isPermanent: reply >= 500, replyCode: reply)
            return
        }
        self.init(Self.code(forCurlCode: code), detail)
    }

    /// What a `CURLcode` without a 4xx or 5xx reply behind it means.
    static func code(forCurlCode code: CURLcode) -> Code {
        if CurlCodes.tls.contains(code.rawValue) { return .tlsError }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dnsError
        case CURLE_COULDNT_CONNECT, CURLE_INTERFACE_FAILED, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING,
            CURLE_UNRECOVERABLE_POLL:
            return .connectError
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .invalidSettings
        default:
            // CURLE_WEIRD_SERVER_REPLY (a broken greeting or reply), CURLE_READ_ERROR, CURLE_OUT_OF_MEMORY, ...
            return .protocolError
        }
    }
}
