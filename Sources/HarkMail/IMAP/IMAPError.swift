/// An IMAP operation failed: a code a source can show and a message for logs.
///
/// Messages name the host, the mailbox and what went wrong, never a user name, a password, a
/// token or message content; server text quoted in them is cut short and stripped of controls.
public struct IMAPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, as shown on a source (`auth_failed`, ...).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// The server refused the credentials (or the token).
        public static let authFailed = Code("auth_failed")
        /// The TLS handshake or certificate verification failed, or STARTTLS was refused.
        public static let tlsError = Code("tls_error")
        /// The address the host resolved to is not allowed (`network.allow_cidrs`).
        public static let blockedAddress = Code("blocked_address")
        /// No connection could be made: the name did not resolve or the port refused.
        public static let connectError = Code("connect_error")
        /// The connect, command or inactivity time limit passed.
        public static let timeout = Code("timeout")
        /// The server broke the protocol: a malformed or over-long response, a wrong tag.
        public static let protocolError = Code("protocol_error")
        /// A response or message was larger than the limits allow.
        public static let tooLarge = Code("too_large")
        /// The mailbox's `UIDVALIDITY` is not the one expected: its UIDs were renumbered.
        public static let uidValidityChanged = Code("uidvalidity_changed")
        /// The mailbox does not exist or cannot be selected.
        public static let mailboxMissing = Code("mailbox_missing")
        /// The server closed the connection (`BYE`, or end of stream), or it broke.
        public static let connectionLost = Code("connection_lost")
        /// The server answered a command with `NO` or `BAD`.
        public static let commandFailed = Code("command_failed")
        /// A mailbox name, host or argument that cannot be sent (CR, LF, NUL, ...).
        public static let invalidArgument = Code("invalid_argument")
        /// The server lacks a capability the operation needs (`MOVE` or `UIDPLUS`, ...).
        public static let unsupported = Code("unsupported")
        /// The calling task was cancelled.
        public static let cancelled = Code("cancelled")

        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed and, where it helps, how to fix it (no secrets, no personal data).
    public var message: String

    /// An error of `code` with a message for logs.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// A protocol violation by the server.
    static func protocolViolation(_ message: String) -> IMAPError {
        IMAPError(.protocolError, message)
    }

    /// Server-supplied text made safe to quote in a message: at most `limit` characters, no
    /// control characters.
    static func quote(_ text: String, limit: Int = 120) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            result.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7f ? "?" : scalar)
        }
        return text.unicodeScalars.count > limit ? result + "…" : result
    }
}
