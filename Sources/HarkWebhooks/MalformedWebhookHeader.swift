/// A webhook header that is present but unusable, such as an over-long delivery id.
///
/// The reason names the header and the problem, never its value.
public struct MalformedWebhookHeader: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `X-GitHub-Delivery contains a control character`.
    public var reason: String

    /// Creates the error with a reason that must not contain the header's value.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
