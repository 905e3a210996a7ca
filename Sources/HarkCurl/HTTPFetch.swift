import Foundation

/// One HTTP request to make through ``HTTPFetcher``: a GET, or a POST of a body.
public struct HTTPFetchRequest: Sendable {
    /// An absolute `http` or `https` URL.
    public var url: String
    /// Extra request headers (e.g. `If-None-Match`, `If-Modified-Since`). Never CR, LF or NUL.
    public var headers: [(name: String, value: String)]
    /// The body of a POST; `nil` for a GET. A POST never follows redirects: the redirect is the
    /// response.
    public var body: Data?

    /// A GET of `url` with extra `headers`.
    public init(url: String, headers: [(name: String, value: String)] = []) {
        self.url = url
        self.headers = headers
    }

    /// A POST of `body` to `url` with extra `headers` (give the `Content-Type`).
    public init(post body: Data, to url: String, headers: [(name: String, value: String)]) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One redirect that was followed.
public struct HTTPRedirect: Sendable, Hashable {
    /// 301, 302, 303, 307 or 308.
    public var status: Int
    /// The URL that answered with the redirect.
    public var from: String
    /// The absolute URL it led to (a relative `Location` resolved).
    public var to: String

    /// A permanent move (301 or 308): the source should report it, never silently adopt it.
    public var isPermanent: Bool { status == 301 || status == 308 }

    /// A redirect record.
    public init(status: Int, from: String, to: String) {
        self.status = status
        self.from = from
        self.to = to
    }
}

/// The answer to an ``HTTPFetchRequest``, after redirects.
public struct HTTPFetchResponse: Sendable {
    /// The final hop's status (any status: 4xx and 5xx are responses, not errors).
    public var status: Int
    /// Response headers of the final hop, in order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The decoded body (after `Content-Encoding`), at most the decoded-size limit.
    public var body: Data
    /// The URL of the final hop.
    public var url: String
    /// The redirects followed to get here, in order.
    public var redirects: [HTTPRedirect]
    /// The IP address connected to for the final hop.
    public var remoteAddress: String?

    /// A response value (the fetcher makes these; tests and fakes may too).
    public init(
        status: Int, headers: [(name: String, value: String)], body: Data, url: String,
        redirects: [HTTPRedirect] = [], remoteAddress: String? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.redirects = redirects
        self.remoteAddress = remoteAddress
    }

    /// The first header of that name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Limits on one fetch (reliability.md §5). All configurable.
public struct HTTPFetchLimits: Sendable, Hashable {
    /// Bytes on the wire (compressed) at most.
    public var maximumWireBytes = 10 * 1_048_576
    /// Bytes after `Content-Encoding` decoding at most.
    public var maximumDecodedBytes = 20 * 1_048_576
    /// Redirects followed at most; each to the same or a stronger scheme.
    public var maximumRedirects = 5
    /// `Content-Encoding` layers accepted at most; more fail with `body_too_large` before any
    /// body is decoded. Values above 5 act as 5: libcurl (since 7.88) refuses more layers itself,
    /// which is reported as `body_too_large` too.
    public var maximumEncodings = 5
    /// Bytes of response header lines (of one response) at most; more is a `protocol_error`.
    public var maximumHeaderBytes = 64 * 1024
    /// Time to set up the connection (TCP and TLS) of one hop.
    public var connectTimeout: Duration = .seconds(10)
    /// Time for the whole fetch, all redirects included.
    public var totalTimeout: Duration = .seconds(60)
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedTime` is aborted.
    public var lowSpeedBytesPerSecond = 1_024
    /// How long a transfer may stay below `lowSpeedBytesPerSecond` (whole seconds, at least 1).
    public var lowSpeedTime: Duration = .seconds(30)

    /// The defaults of reliability.md §5.
    public init() {}
}

/// Why a fetch failed; `code` is what a source shows as its error (`blocked_address`, `timeout`, ...).
public struct HTTPFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, as shown on a source (`blocked_address`, ...).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// The resolved address is loopback, private, link-local, metadata, ... and not allowed.
        public static let blockedAddress = Code("blocked_address")
        /// More than `maximumRedirects` redirects, or a redirect loop.
        public static let tooManyRedirects = Code("too_many_redirects")
        /// A URL or redirect to a scheme other than http/https.
        public static let badScheme = Code("bad_scheme")
        /// A redirect from https to http.
        public static let downgrade = Code("downgrade")
        /// Over the wire or decoded size limit, or too many encodings.
        public static let bodyTooLarge = Code("body_too_large")
        /// The connect, total or low-speed time limit was reached.
        public static let timeout = Code("timeout")
        /// The TLS handshake or certificate verification failed.
        public static let tlsError = Code("tls_error")
        /// The host name could not be resolved.
        public static let dnsError = Code("dns_error")
        /// No connection could be made, or it broke.
        public static let connectError = Code("connect_error")
        /// Broken HTTP, a bad encoding, a body shorter than `Content-Length`, ...
        public static let protocolError = Code("protocol_error")
        /// The URL cannot be parsed, or a request header would inject CR, LF or NUL.
        public static let invalidURL = Code("invalid_url")
        /// The calling task was cancelled.
        public static let cancelled = Code("cancelled")

        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, for logs and `hark sources` (no secrets; the blocked IP is named).
    public var message: String

    /// An error of `code` with a message for logs (no secrets).
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
