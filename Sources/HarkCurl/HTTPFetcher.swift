/// Fetches HTTP(S) resources safely: the connect-time address guard on every hop, redirects
/// followed by hand under Hark's rules, size, encoding and time limits, and libcurl's blocking
/// work kept off Swift's cooperative pool.
///
/// Each transfer runs on a thread of its own; at most `maximumConcurrentTransfers` run at once
/// per fetcher and further fetches wait (without a thread) for a slot. Cancelling the calling
/// task stops a running transfer at libcurl's next callback (within about a second) with
/// `cancelled`.
public final class HTTPFetcher: Sendable {
    /// Which addresses may be connected to.
    public let policy: AddressPolicy
    /// The limits used when ``fetch(_:limits:)`` is given none.
    public let limits: HTTPFetchLimits
    /// The `User-Agent` sent.
    public let userAgent: String
    /// A PEM file of CA certificates trusted instead of the system's, or `nil` for the system's.
    public let certificateAuthorities: String?
    private let slots: TransferSlots

    /// A fetcher.
    /// - Parameters:
    ///   - policy: the address guard, built from `network.allow_cidrs`.
    ///   - limits: default limits (reliability.md §5).
    ///   - userAgent: the `User-Agent` header.
    ///   - maximumConcurrentTransfers: transfers (threads) running at once, at least 1.
    ///   - certificateAuthorities: a PEM file of CA certificates to trust instead of the system's
    ///     (a private CA, or a test's own). Verification of the peer and its host name stays on.
    public init(
        policy: AddressPolicy,
        limits: HTTPFetchLimits = .init(),
        userAgent: String = "Hark/1 (+https://github.com/hark)",
        maximumConcurrentTransfers: Int = 4,
        certificateAuthorities: String? = nil
    ) {
        self.policy = policy
        self.limits = limits
        self.userAgent = userAgent
        self.certificateAuthorities = certificateAuthorities
        slots = TransferSlots(limit: maximumConcurrentTransfers)
    }

    /// GETs `request.url`, following at most `maximumRedirects` redirects (301, 302, 303, 307,
    /// 308) to http or https URLs, never from https to http. The response is that of the last hop;
    /// its ``HTTPFetchResponse/redirects`` lists the hops, so that a caller can report a permanent
    /// move instead of adopting it silently. Any status, 4xx and 5xx included, is a response, not
    /// an error.
    ///
    /// - Parameter limits: overrides the fetcher's limits for this fetch.
    /// - Throws: ``HTTPFetchError`` only, with the code a source shows: `invalid_url` (also for a
    ///   request header with CR, LF or NUL), `bad_scheme`, `downgrade`, `too_many_redirects` (a loop
    ///   too), `blocked_address` (naming the IP), `body_too_large` (wire or decoded size, or more than
    ///   `maximumEncodings` content encodings), `timeout`, `tls_error`, `dns_error`, `connect_error`,
    ///   `protocol_error` (a body shorter than its `Content-Length`, broken HTTP or encoding) and
    ///   `cancelled`.
    public func fetch(
        _ request: HTTPFetchRequest,
        limits: HTTPFetchLimits? = nil
    ) async throws(HTTPFetchError) -> HTTPFetchResponse {
        let limits = limits ?? self.limits
        let deadline = ContinuousClock.now + limits.totalTimeout
        var headerLines = try Self.headerLines(request.headers)
        if let scheme = CurlURL.scheme(of: request.url), scheme != "http" && scheme != "https" {
            throw HTTPFetchError(.badScheme, "the URL has the scheme \(scheme):; only http and https are fetched")
        }
        var current = try CurlURL(request.url)
        guard current.scheme == "http" || current.scheme == "https" else {
            throw HTTPFetchError(.badScheme, "the URL has no http or https scheme")
        }
        guard !current.host.isEmpty else { throw HTTPFetchError(.invalidURL, "the URL has no host") }

        var redirects: [HTTPRedirect] = []
        var visited: Set<String> = [current.text]
        while true {
            let hop = HTTPHop(
                url: current.text,
                headerLines: headerLines,
                body: request.body,
                policy: policy,
                limits: limits,
                userAgent: userAgent,
                certificateAuthorities: certificateAuthorities,
                deadline: deadline
            )
            let answer: HTTPHop.Answer
            do {
                answer = try await run(hop)
            } catch {
                throw redirects.isEmpty
                    ? error : HTTPFetchError(error.code, "\(error.message) (after \(redirects.count) redirects)")
            }
            let location = answer.headers.first { $0.name.lowercased() == "location" }?.value
            guard request.body == nil, HTTPRedirectRule.isFollowed(answer.status), let location, !location.isEmpty else {
                return HTTPFetchResponse(
                    status: answer.status,
                    headers: answer.headers,
                    body: answer.body,
                    url: current.text,
                    redirects: redirects,
                    remoteAddress: answer.remoteAddress
                )
            }
            guard redirects.count < limits.maximumRedirects else {
                throw HTTPFetchError(.tooManyRedirects, "more than \(limits.maximumRedirects) redirects")
            }
            let target = try CurlURL(try HTTPRedirectRule.target(of: location, from: current.text))
            guard visited.insert(target.text).inserted else {
                throw HTTPFetchError(.tooManyRedirects, "a redirect loop (after \(redirects.count + 1) redirects)")
            }
            redirects.append(HTTPRedirect(status: answer.status, from: current.text, to: target.text))
            if target.host.lowercased() != current.host.lowercased() {
                // Credentials meant for one host are never sent on to another.
                headerLines.removeAll { line in
                    let name = line.prefix { $0 != ":" && $0 != ";" }.lowercased()
                    return name == "authorization" || name == "cookie"
                }
            }
            current = target
        }
    }

    /// Runs one hop on a transfer thread, holding a slot, and passes cancellation on.
    private func run(_ hop: HTTPHop) async throws(HTTPFetchError) -> HTTPHop.Answer {
        guard await slots.acquire() else { throw HTTPFetchError(.cancelled, "the fetch was cancelled") }
        defer { slots.release() }
        let control = TransferControl()
        let result = await withTaskCancellationHandler {
            await TransferThread.run { hop.run(control: control) }
        } onCancel: {
            control.cancel()
        }
        return try result.get()
    }

    /// `Name: value` lines for libcurl, refusing what would inject headers.
    static func headerLines(_ headers: [(name: String, value: String)]) throws(HTTPFetchError) -> [String] {
        var lines: [String] = []
        for (name, value) in headers {
            let tokenCharacters = Set(
                "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8
            )
            guard !name.isEmpty, name.utf8.allSatisfy({ tokenCharacters.contains($0) }) else {
                throw HTTPFetchError(.invalidURL, "a request header name is not an HTTP token")
            }
            guard !value.utf8.contains(where: { $0 == 0 || $0 == 0x0d || $0 == 0x0a }) else {
                throw HTTPFetchError(.invalidURL, "the request header \(name) contains CR, LF or NUL")
            }
            // libcurl removes a header given as "Name:"; "Name;" sends it with an empty value.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        return lines
    }
}
