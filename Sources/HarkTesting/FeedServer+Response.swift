import Foundation

extension FeedServer {
    /// How the server delivers a response's body; the hostile ones exist for limit tests.
    public enum Behaviour: Sendable {
        /// The body in one piece, framed by an honest `Content-Length`.
        case normal
        /// The body `chunkBytes` at a time, one piece every `every` (a slow server, slowloris in reverse).
        case drip(chunkBytes: Int, every: Duration)
        /// A chunked body that repeats `chunk` until the client closes (`body` is ignored).
        case endless(chunk: Data)
        /// `Content-Length: announced` over the real body; the connection closes after the body.
        case contentLengthLie(announced: Int)
        /// Reads the request and never answers; the connection stays open until the client leaves.
        case stall
    }

    /// What a route answers: a value built per request by the route's handler.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Response headers in order. `Content-Length` is added for `.normal` when absent.
        public var headers: [(name: String, value: String)]
        /// The body (for `.endless`, ignored).
        public var body: Data
        /// How the body is delivered.
        public var behaviour: Behaviour
        /// When set, a request whose `If-None-Match` equals the `ETag` (or, without `If-None-Match`,
        /// whose `If-Modified-Since` equals the `Last-Modified`) gets `304 Not Modified` instead.
        public var answersConditionally: Bool
        /// `1xx` responses sent before this one (e.g. `103 Early Hints` with its own headers).
        public var interimResponses: [(status: Int, headers: [(name: String, value: String)])] = []

        /// A response with every part given.
        public init(
            status: Int = 200,
            headers: [(name: String, value: String)] = [],
            body: Data = Data(),
            behaviour: Behaviour = .normal,
            answersConditionally: Bool = false
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.behaviour = behaviour
            self.answersConditionally = answersConditionally
        }

        /// The first header of that name (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        /// A copy with `behaviour` changed, e.g. `.feed(xml).with(.drip(chunkBytes: 1, every: .seconds(1)))`.
        public func with(_ behaviour: Behaviour) -> Response {
            var copy = self
            copy.behaviour = behaviour
            return copy
        }

        /// A copy with one more header.
        public func adding(header name: String, _ value: String) -> Response {
            var copy = self
            copy.headers.append((name, value))
            return copy
        }
    }
}

extension FeedServer.Response {
    /// A `200` feed document with optional validators; answers `304` by itself when the request's
    /// `If-None-Match` / `If-Modified-Since` match them.
    public static func feed(
        _ xml: String,
        contentType: String = "application/rss+xml",
        etag: String? = nil,
        lastModified: String? = nil
    ) -> Self {
        feed(Data(xml.utf8), contentType: contentType, etag: etag, lastModified: lastModified)
    }

    /// A `200` feed document from bytes (any charset), with optional validators and automatic `304`.
    public static func feed(
        _ data: Data,
        contentType: String = "application/rss+xml",
        etag: String? = nil,
        lastModified: String? = nil
    ) -> Self {
        var headers: [(name: String, value: String)] = [("Content-Type", contentType)]
        if let etag { headers.append(("ETag", etag)) }
        if let lastModified { headers.append(("Last-Modified", lastModified)) }
        return Self(status: 200, headers: headers, body: data, answersConditionally: etag != nil || lastModified != nil)
    }

    /// A redirect to `location` (absolute or relative, sent as given).
    public static func redirect(status: Int = 302, to location: String) -> Self {
        Self(status: status, headers: [("Location", location)])
    }

    /// A bare status with optional headers and body (e.g. `.status(429, headers: [("Retry-After", "10")])`).
    public static func status(_ code: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) -> Self {
        Self(status: code, headers: headers, body: body)
    }

    /// Bytes already encoded by the test (gzip, br, zstd, a bomb, a bogus coding) sent with
    /// `Content-Encoding: contentEncoding` as given.
    public static func encoded(
        _ bytes: Data,
        contentEncoding: String,
        contentType: String = "application/rss+xml"
    ) -> Self {
        Self(status: 200, headers: [("Content-Type", contentType), ("Content-Encoding", contentEncoding)], body: bytes)
    }

    /// `data` gzip-encoded `layers` times, announced as `Content-Encoding: gzip, gzip, ...`.
    /// - Throws: ``FeedServer/CompressionError`` when the `gzip` command fails.
    public static func gzip(_ data: Data, layers: Int = 1, contentType: String = "application/rss+xml") throws -> Self {
        let bytes = try FeedServer.Compression.gzip(data, layers: layers)
        let coding = Array(repeating: "gzip", count: max(layers, 1)).joined(separator: ", ")
        return .encoded(bytes, contentEncoding: coding, contentType: contentType)
    }
}
