import Foundation

/// One HTTP GET to make through ``HTTPFetcher``.
public struct HTTPFetchRequest: Sendable {
    /// An absolute `http` or `https` URL.
    public var url: String
    /// Extra request headers (e.g. `If-None-Match`, `If-Modified-Since`). Never CR, LF or NUL.
    public var headers: [(name: String, value: String)]

    public init(url: String, headers: [(name: String, value: String)] = []) {
        self.url = url
        self.headers = headers
    }
}

/// One redirect that was followed.
public struct HTTPRedirect: Sendable, Hashable {
    /// 301, 302, 303, 307 or 308.
    public var status: Int
    public var from: String
    public var to: String

    /// A permanent move (301 or 308): the source should report it, never silently adopt it.
    public var isPermanent: Bool { status == 301 || status == 308 }

    public init(status: Int, from: String, to: String) {
        self.status = status
        self.from = from
        self.to = to
    }
}

/// The answer to an ``HTTPFetchRequest``, after redirects.
public struct HTTPFetchResponse: Sendable {
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
    /// `Content-Encoding` layers accepted at most.
    public var maximumEncodings = 5
    public var connectTimeout: Duration = .seconds(10)
    public var totalTimeout: Duration = .seconds(60)
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedTime` is aborted.
    public var lowSpeedBytesPerSecond = 1_024
    public var lowSpeedTime: Duration = .seconds(30)

    public init() {}
}

/// Why a fetch failed; `code` is what a source shows as its error (`blocked_address`, `timeout`, ...).
public struct HTTPFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// The resolved address is loopback, private, link-local, metadata, ... and not allowed.
        public static let blockedAddress = Code("blocked_address")
        public static let tooManyRedirects = Code("too_many_redirects")
        /// A URL or redirect to a scheme other than http/https.
        public static let badScheme = Code("bad_scheme")
        /// A redirect from https to http.
        public static let downgrade = Code("downgrade")
        /// Over the wire or decoded size limit, or too many encodings.
        public static let bodyTooLarge = Code("body_too_large")
        public static let timeout = Code("timeout")
        public static let tlsError = Code("tls_error")
        public static let dnsError = Code("dns_error")
        public static let connectError = Code("connect_error")
        /// Broken HTTP, a bad encoding, a body shorter than `Content-Length`, ...
        public static let protocolError = Code("protocol_error")
        public static let invalidURL = Code("invalid_url")
        public static let cancelled = Code("cancelled")

        public var description: String { rawValue }
    }

    public var code: Code
    /// What failed, for logs and `hark sources` (no secrets; the blocked IP is named).
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
