/// The request headers a webhook arrived with, looked up case-insensitively.
///
/// A small value so that the verifier and the mapper stay independent of the HTTP server's types;
/// the route copies the few headers it has into one of these. Order and repeated names are kept.
public struct WebhookHeaders: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    private struct Field: Sendable, Hashable {
        var name: String
        var lowercasedName: String
        var value: String
    }

    private var fields: [Field]

    /// Creates headers from name-value pairs, in the order received.
    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { Field(name: $0.0, lowercasedName: $0.0.lowercased(), value: $0.1) }
    }

    /// Creates headers from a literal, e.g. `["X-GitHub-Event": "issues"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value of the header `name` (any case), or `nil` when it is absent.
    public subscript(_ name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.lowercasedName == key }?.value
    }

    /// Every value of the header `name` (any case), in the order received.
    public func values(for name: String) -> [String] {
        let key = name.lowercased()
        return fields.filter { $0.lowercasedName == key }.map(\.value)
    }

    /// All headers as name-value pairs, in the order received.
    public var pairs: [(name: String, value: String)] {
        fields.map { (name: $0.name, value: $0.value) }
    }

    /// Adds a header after the existing ones.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, lowercasedName: name.lowercased(), value: value))
    }
}
