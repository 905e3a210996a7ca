internal import CCurl
import Foundation

/// One request of a fetch (the first, or one redirect hop) on its own easy handle. Built on the
/// calling task, run on a transfer thread.
struct HTTPHop: Sendable {
    var url: String
    var headerLines: [String]
    /// The body of a POST, or `nil` for a GET.
    var body: Data?
    var policy: AddressPolicy
    var limits: HTTPFetchLimits
    var userAgent: String
    var certificateAuthorities: String?
    /// When the whole fetch must be over (``HTTPFetchLimits/totalTimeout`` from its start).
    var deadline: ContinuousClock.Instant

    /// What one hop answered.
    struct Answer: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: Data
        var remoteAddress: String?
    }

    /// What the callbacks learn while the transfer runs (touched only on the transfer thread).
    private final class Observations {
        var headers: ResponseHeaders
        let body: BodyBuffer
        var blocked: (address: IPAddress, port: Int, range: String)?
        /// Set by a callback that aborted the transfer, with the reason to report.
        var abort: HTTPFetchError?

        init(limits: HTTPFetchLimits) {
            headers = ResponseHeaders(
                maximumEncodings: limits.maximumEncodings,
                maximumBytes: limits.maximumHeaderBytes
            )
            body = BodyBuffer(limit: limits.maximumDecodedBytes)
        }
    }

    /// Runs the hop; blocks the calling thread (a transfer thread) until it is over.
    func run(control: TransferControl) -> Result<Answer, HTTPFetchError> {
        let remaining = deadline - .now
        guard remaining > .zero else {
            return .failure(HTTPFetchError(.timeout, "the total time limit of \(limits.totalTimeout) passed"))
        }
        let seen = Observations(limits: limits)
        let easy: CurlEasy
        do {
            easy = try CurlEasy()
            try configure(easy, remaining: remaining, seen: seen, control: control)
        } catch {
            return .failure(HTTPFetchError(curl: error))
        }
        do {
            try easy.perform()
        } catch {
            return .failure(explain(error, seen: seen, control: control))
        }
        let status = (try? easy.info(.responseCode)) ?? 0
        let address = (try? easy.info(.primaryIP)) ?? nil
        return .success(
            Answer(status: status, headers: seen.headers.fields, body: seen.body.take(), remoteAddress: address)
        )
    }

    private func configure(
        _ easy: CurlEasy,
        remaining: Duration,
        seen: Observations,
        control: TransferControl
    ) throws(CurlError) {
        try easy.set(.url, url)
        try easy.set(.protocols, "http,https")
        try easy.set(.redirectProtocols, "http,https")
        try easy.set(.followLocation, 0)
        // No proxy, not even one from http_proxy: the guard must judge the real destination.
        try easy.set(.proxy, "")
        try easy.set(.acceptEncoding, "")
        try easy.set(.httpContentDecoding, 1)
        try easy.set(.userAgent, userAgent)
        try easy.set(.sslVerifyPeer, 1)
        try easy.set(.sslVerifyHost, 2)
        if let certificateAuthorities { try easy.set(.caInfo, certificateAuthorities) }
        if let body { try easy.setPostBody(body) } else { try easy.set(.httpGet, 1) }
        try easy.set(.connectTimeoutMilliseconds, Self.milliseconds(min(limits.connectTimeout, remaining)))
        try easy.set(.timeoutMilliseconds, Self.milliseconds(remaining))
        if limits.lowSpeedBytesPerSecond > 0 {
            try easy.set(.lowSpeedLimit, limits.lowSpeedBytesPerSecond)
            try easy.set(.lowSpeedTime, max(1, Int((limits.lowSpeedTime / .seconds(1)).rounded(.up))))
        }
        try easy.set(.maximumFileSize, Int64(limits.maximumWireBytes))
        try easy.setHeaderLines(headerLines)

        try easy.guardConnections(by: policy) { address, port, range in seen.blocked = (address, port, range) }
        let limits = self.limits
        try easy.onHeader { line in
            switch seen.headers.take(line) {
            case nil:
                return true
            case .tooManyEncodings(let layers)?:
                seen.abort = HTTPFetchError(
                    .bodyTooLarge,
                    "the response has \(layers) content encodings; at most \(limits.maximumEncodings) are accepted"
                )
            case .tooLarge(let bytes)?:
                seen.abort = HTTPFetchError(.protocolError, "the response headers exceed \(bytes) bytes")
            }
            return false
        }
        try easy.onData { [unowned easy] chunk in
            if control.isCancelled { return false }
            if let wire = try? easy.info(.downloadedBytes), wire > Int64(limits.maximumWireBytes) {
                seen.abort = Self.wireTooLarge(limits)
                return false
            }
            guard seen.body.append(chunk) else {
                seen.abort =
                    seen.body.count + chunk.count > limits.maximumDecodedBytes
                    ? HTTPFetchError(.bodyTooLarge, "the decoded body exceeds \(limits.maximumDecodedBytes) bytes")
                    : HTTPFetchError(.bodyTooLarge, "out of memory for the body")
                return false
            }
            return true
        }
        try easy.onProgress { progress in
            if control.isCancelled { return false }
            if progress.downloaded > Int64(limits.maximumWireBytes) {
                seen.abort = Self.wireTooLarge(limits)
                return false
            }
            return true
        }
    }

    /// The error to report for a failed perform: what the callbacks saw comes before curl's code.
    private func explain(_ error: CurlError, seen: Observations, control: TransferControl) -> HTTPFetchError {
        if control.isCancelled { return HTTPFetchError(.cancelled, "the fetch was cancelled") }
        if let abort = seen.abort { return abort }
        if let blocked = seen.blocked, error.code == Int(CURLE_COULDNT_CONNECT.rawValue) {
            return HTTPFetchError(
                .blockedAddress,
                "refused to connect to \(blocked.address) port \(blocked.port): a \(blocked.range) address "
                    + "(list it in network.allow_cidrs to allow it)"
            )
        }
        if error.code == Int(CURLE_FILESIZE_EXCEEDED.rawValue) { return Self.wireTooLarge(limits) }
        if error.code == Int(CURLE_BAD_CONTENT_ENCODING.rawValue), error.message.contains("content encodings") {
            // libcurl's own cap on stacked encodings (5 since 7.88) caught it before our header check.
            return HTTPFetchError(.bodyTooLarge, "\(error.message) (curl \(error.code))")
        }
        return HTTPFetchError(curl: error)
    }

    private static func wireTooLarge(_ limits: HTTPFetchLimits) -> HTTPFetchError {
        HTTPFetchError(.bodyTooLarge, "the body exceeds \(limits.maximumWireBytes) bytes on the wire")
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int((duration / .milliseconds(1)).rounded(.up)))
    }
}
