internal import CCurl
import Foundation

/// One SMTP delivery on its own easy handle. Built on the calling task, run on a transfer thread.
struct SMTPTransfer: Sendable {
    var settings: SMTPSettings
    var policy: AddressPolicy
    /// The checked envelope sender (`""` for the null reverse path).
    var from: String
    /// The checked recipients.
    var recipients: [String]
    /// The checked message, CRLF throughout.
    var message: Data

    /// What the callbacks learn while the transfer runs (touched only on the transfer thread).
    private final class Observations {
        var blocked: (address: IPAddress, port: Int, range: String)?
    }

    /// Runs the delivery; blocks the calling thread (a transfer thread) until it is over.
    func run(control: TransferControl) -> Result<Void, SMTPError> {
        let seen = Observations()
        let easy: CurlEasy
        do {
            easy = try CurlEasy()
            try configure(easy, seen: seen, control: control)
        } catch {
            return .failure(
                SMTPError(.invalidSettings, "libcurl refused the settings: \(error.message) (curl \(error.code))"))
        }
        do {
            try easy.withList(.mailRecipients, recipients.map { "<\($0)>" }) { () throws(CurlError) in
                try easy.performUpload(message)
            }
        } catch {
            return .failure(explain(error, easy: easy, seen: seen, control: control))
        }
        return .success(())
    }

    private func configure(_ easy: CurlEasy, seen: Observations, control: TransferControl) throws(CurlError) {
        try easy.set(.url, settings.url)
        try easy.set(.protocols, "smtp,smtps")
        try easy.set(.redirectProtocols, "smtp,smtps")
        try easy.set(.followLocation, 0)
        // No proxy, not even one from the environment: the guard must judge the real server.
        try easy.set(.proxy, "")
        try easy.set(.sslVerifyPeer, 1)
        try easy.set(.sslVerifyHost, 2)
        if let certificateAuthorities = settings.certificateAuthorities {
            try easy.set(.caInfo, certificateAuthorities)
        }
        // CURLUSESSL_ALL (3) or CURLUSESSL_TRY (1); smtps:// is TLS from the start either way.
        try easy.set(.useSSL, settings.requireTLS ? Int(CURLUSESSL_ALL.rawValue) : Int(CURLUSESSL_TRY.rawValue))
        if let username = settings.username { try easy.set(.username, username) }
        if let password = settings.password { try easy.set(.password, password) }
        let timeout = Self.milliseconds(settings.timeout)
        try easy.set(.connectTimeoutMilliseconds, min(timeout, 10_000))
        try easy.set(.timeoutMilliseconds, timeout)
        // Without a sender libcurl sends the null reverse path, MAIL FROM:<>.
        if !from.isEmpty { try easy.set(.mailFrom, "<\(from)>") }

        try easy.guardConnections(by: policy) { address, port, range in seen.blocked = (address, port, range) }
        try easy.onProgress { _ in !control.isCancelled }
    }

    /// The error to report for a failed transfer: cancellation and the guard come before curl's code.
    private func explain(_ error: CurlError, easy: CurlEasy, seen: Observations, control: TransferControl) -> SMTPError
    {
        if control.isCancelled { return SMTPError(.cancelled, "the delivery was cancelled") }
        if let blocked = seen.blocked, error.code == Int(CURLE_COULDNT_CONNECT.rawValue) {
            return SMTPError(
                .blockedAddress,
                "refused to connect to \(blocked.address) port \(blocked.port): a \(blocked.range) address "
                    + "(list it in network.allow_cidrs to allow it)"
            )
        }
        let reply = (try? easy.info(.responseCode)) ?? 0
        return SMTPError(curl: error, replyCode: reply)
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int((duration / .milliseconds(1)).rounded(.up)))
    }
}
