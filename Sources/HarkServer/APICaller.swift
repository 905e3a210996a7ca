/// A role of an API token.
public enum APIRole: String, Sendable, Codable, CaseIterable {
    /// Everything, including erasure and the audit log.
    case admin
    /// The inbox: read everything of their brands, change workflow fields.
    case support
    /// Read only, without personal data (names, addresses, handles).
    case marketing
}

/// Who is calling the API, as established from the bearer token.
public struct APICaller: Sendable, Hashable {
    /// The token's name from the configuration (never the token itself).
    public var name: String
    public var role: APIRole
    /// Brands this token is limited to; `nil` for all.
    public var brands: [String]?

    public init(name: String, role: APIRole, brands: [String]?) {
        self.name = name
        self.role = role
        self.brands = brands
    }
}
