import Foundation

/// One complete server response as it came off the wire: its line text, cut where literals
/// were, and the literals. `lines.count == literals.count + 1`: literal `i` followed the
/// `{n}` at the end of line `i` (the marker itself is removed from the text).
public struct IMAPFrame: Sendable, Hashable {
    /// The response's text, without CRLF and without the `{n}` literal markers.
    public var lines: [[UInt8]]
    /// The literals, in order.
    public var literals: [IMAPLiteral]

    /// A frame of `lines` and `literals` (one more line than literals).
    public init(lines: [[UInt8]], literals: [IMAPLiteral] = []) {
        precondition(lines.count == literals.count + 1, "a frame has one more line than literals")
        self.lines = lines
        self.literals = literals
    }
}

/// A literal (`{n}` followed by `n` bytes) of a response.
public enum IMAPLiteral: Sendable, Hashable {
    /// The bytes, held.
    case data(Data)
    /// A literal of `size` bytes that was drained from the connection without being held: larger
    /// than the message size cap, or than what the current command may still hold.
    case skipped(size: Int)

    /// The announced size.
    public var size: Int {
        switch self {
        case .data(let data): data.count
        case .skipped(let size): size
        }
    }
}
