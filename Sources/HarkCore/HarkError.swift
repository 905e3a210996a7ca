/// An error of Hark with a stable code, a message that says what failed and how to fix it, an
/// optional underlying cause, and where it was raised.
///
/// Messages never contain personal data or secrets: ids and counts only.
public struct HarkError: Error, CustomStringConvertible, Sendable {
    /// A stable error code. A struct over a private enum, so adding a code breaks no one.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case invalidConfiguration, invalidInput, notFound, conflict, unavailable, unauthorized,
                forbidden, storage, io, `internal`
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The configuration is wrong; the message names the key.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The input cannot be used as given.
        public static let invalidInput = Code(.invalidInput)
        public static let notFound = Code(.notFound)
        public static let conflict = Code(.conflict)
        /// Temporarily unable (store cannot commit, shutting down, disk reserve reached): retry.
        public static let unavailable = Code(.unavailable)
        public static let unauthorized = Code(.unauthorized)
        public static let forbidden = Code(.forbidden)
        /// The store failed.
        public static let storage = Code(.storage)
        public static let io = Code(.io)
        public static let `internal` = Code(.internal)

        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?
    public var file: String
    public var line: Int

    public init(
        _ code: Code, _ message: String, cause: (any Error & Sendable)? = nil, file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.cause = cause
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (cause: \(String(describing: cause)))" }
        return text
    }
}
