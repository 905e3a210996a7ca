import Foundation

extension FeedServer {
    /// Header fields in the order they arrived; lookup ignores case.
    public struct Headers: Sendable, Sequence {
        /// The fields as sent, names with their original case.
        public var fields: [(name: String, value: String)]

        /// Headers from `fields`, kept in order.
        public init(_ fields: [(name: String, value: String)] = []) {
            self.fields = fields
        }

        /// The first value of the field `name` (case-insensitive), or `nil`.
        public subscript(_ name: String) -> String? {
            fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        /// Every value of the field `name` (case-insensitive), in order.
        public func values(_ name: String) -> [String] {
            fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        }

        /// Whether a field named `name` is present (case-insensitive).
        public func contains(_ name: String) -> Bool { self[name] != nil }

        /// Iterates the fields in order.
        public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
            fields.makeIterator()
        }
    }

    /// One request as the server received it.
    public struct Request: Sendable {
        /// `GET`, `HEAD`, `POST`, ...
        public var method: String
        /// The request target, with its query (e.g. `/feed.xml?page=2`).
        public var path: String
        /// The request headers; lookup ignores case.
        public var headers: Headers
        /// The request body (usually empty for a feed fetch).
        public var body: Data
        /// When the request's head was complete.
        public var receivedAt: Date

        /// `path` without the query.
        public var pathWithoutQuery: String {
            path.firstIndex(of: "?").map { String(path[..<$0]) } ?? path
        }

        /// A request value, mainly for tests of handlers.
        public init(method: String, path: String, headers: Headers, body: Data = Data(), receivedAt: Date = Date()) {
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
            self.receivedAt = receivedAt
        }
    }
}
