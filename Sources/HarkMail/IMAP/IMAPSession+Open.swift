import Foundation
import HarkCurl
import Logging

extension IMAPSession {
    /// Connects with libcurl (address guard, TLS with verification, `LOGIN`/`PLAIN` for a
    /// password), authenticates with `XOAUTH2` itself for a token, and reads the capabilities.
    /// Blocks: call it on the connection's thread.
    static func open(
        _ configuration: IMAPConfiguration,
        logger: Logger,
        control: IMAPJobControl
    ) throws(IMAPError) -> IMAPSession {
        let url = try configuration.curlURL()
        let authentication = configuration.authentication
        try checkCredential(authentication.user, "user name")
        if case .password(_, let password) = authentication { try checkCredential(password, "password") }
        final class Blocked { var reason: String? }
        let blocked = Blocked()
        let easy: CurlEasy
        do {
            easy = try CurlEasy()
            try easy.set(.url, url)
            try easy.set(.protocols, "imap,imaps")
            try easy.set(.connectOnly, 1)
            try easy.set(.proxy, "")
            try easy.set(.sslVerifyPeer, 1)
            try easy.set(.sslVerifyHost, 2)
            if let authorities = configuration.certificateAuthorities { try easy.set(.caInfo, authorities) }
            if configuration.security == .startTLS { try easy.set(.useSSL, 3) }
            let connectMilliseconds = max(1, Int(configuration.timeouts.connect / .milliseconds(1)))
            try easy.set(.connectTimeoutMilliseconds, connectMilliseconds)
            try easy.set(.timeoutMilliseconds, connectMilliseconds)
            try easy.set(.tcpKeepAlive, 1)
            if case .password(let user, let password) = authentication {
                try easy.set(.username, user)
                try easy.set(.password, password)
            }
            let policy = configuration.addressPolicy
            try easy.guardConnections { address, port in
                guard case .refused(let range) = policy.verdict(for: address, port: port) else { return true }
                blocked.reason = "refused to connect to \(address) port \(port): a \(range) address"
                return false
            }
            try easy.onProgress { _ in !control.isCancelled }
            try easy.perform()
        } catch {
            if control.isCancelled {
                throw IMAPError(.cancelled, "connecting to \(configuration.endpoint) was cancelled")
            }
            if let reason = blocked.reason, error.code == 7 {
                throw IMAPError(.blockedAddress, "\(reason) (list it in network.allow_cidrs to allow it)")
            }
            throw connectError(error, configuration)
        }
        let socket: Int32
        do {
            socket = try easy.activeSocket()
        } catch {
            throw IMAPError(.connectionLost, "no socket after connecting to \(configuration.endpoint)")
        }
        guard socket >= 0 else {
            throw IMAPError(.connectionLost, "no socket after connecting to \(configuration.endpoint)")
        }
        let session = IMAPSession(configuration: configuration, logger: logger, easy: easy, socket: socket)
        session.control = control
        try session.refreshCapabilities()
        if case .xoauth2(let user, let token) = authentication {
            try session.authenticateXOAuth2(user: user, token: token)
            try session.refreshCapabilities()
        }
        return session
    }

    /// Asks for `CAPABILITY` and keeps the answer.
    func refreshCapabilities() throws(IMAPError) {
        var seen: [String] = []
        let status = try execute(IMAPCommand("CAPABILITY"), what: "CAPABILITY") { response throws(IMAPError) in
            if case .capability(let names) = response { seen += names }
        }
        guard status.status == .ok else { throw failure(status, "CAPABILITY") }
        capabilities = Set(seen)
    }

    /// `AUTHENTICATE XOAUTH2` with the initial response (RFC 4959 `SASL-IR`) or after `+`;
    /// on failure the server sends an error challenge, answered with an empty line.
    private func authenticateXOAuth2(user: String, token: String) throws(IMAPError) {
        try Self.checkCredential(token, "token")
        guard !user.unicodeScalars.contains("\u{1}"), !token.unicodeScalars.contains("\u{1}") else {
            throw IMAPError(.invalidArgument, "the user name or token contains a control character")
        }
        guard capabilities.contains("AUTH=XOAUTH2") else {
            throw IMAPError(.unsupported, "\(configuration.endpoint) does not offer AUTH=XOAUTH2")
        }
        let initial = Data("user=\(user)\u{1}auth=Bearer \(token)\u{1}\u{1}".utf8).base64EncodedString()
        var arguments: [IMAPCommand.Argument] = [.atom("XOAUTH2")]
        let inline = capabilities.contains("SASL-IR")
        if inline { arguments.append(.atom(initial)) }
        var sentInitial = inline
        let status = try execute(
            IMAPCommand("AUTHENTICATE", arguments),
            what: "AUTHENTICATE",
            continuation: { _ throws(IMAPError) in
                // The first "+" asks for the token; a later one carries the server's error details.
                defer { sentInitial = true }
                return Array((sentInitial ? "" : initial).utf8) + [0x0d, 0x0a]
            }
        )
        guard status.status == .ok else {
            throw IMAPError(
                .authFailed,
                "\(configuration.endpoint) refused the XOAUTH2 token (\(status.status.rawValue))"
            )
        }
    }

    private static func checkCredential(_ value: String, _ what: String) throws(IMAPError) {
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw IMAPError(.invalidArgument, "the IMAP \(what) contains a control character (CR, LF, NUL, ...)")
        }
    }

    /// The IMAP error for a failed libcurl connect, by `CURLcode`.
    private static func connectError(_ error: CurlError, _ configuration: IMAPConfiguration) -> IMAPError {
        let detail = "\(error.message) (curl \(error.code))"
        let endpoint = configuration.endpoint
        switch error.code {
        case 67:  // CURLE_LOGIN_DENIED
            return IMAPError(.authFailed, "\(endpoint) refused the login: \(detail)")
        // SSL_CONNECT_ERROR, PEER_FAILED_VERIFICATION, USE_SSL_FAILED (STARTTLS refused) and other SSL_* codes
        case 35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98:
            return IMAPError(.tlsError, "TLS with \(endpoint) failed: \(detail)")
        case 28:  // CURLE_OPERATION_TIMEDOUT
            return IMAPError(
                .timeout,
                "connecting to \(endpoint) took longer than \(configuration.timeouts.connect): \(detail)"
            )
        case 5, 6, 7, 45:  // resolve proxy/host, couldn't connect, interface
            return IMAPError(.connectError, "could not connect to \(endpoint): \(detail)")
        case 55, 56:  // send/recv error
            return IMAPError(.connectionLost, "the connection to \(endpoint) broke: \(detail)")
        case 3, 43:  // URL malformat, bad function argument
            return IMAPError(.invalidArgument, "the IMAP settings for \(endpoint) were refused: \(detail)")
        default:
            return IMAPError(.protocolError, "connecting to \(endpoint) failed: \(detail)")
        }
    }
}
