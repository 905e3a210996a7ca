/// A set of UIDs as IMAP writes it (`1:100,205,300:310`).
public struct IMAPSequenceSet: Sendable, Hashable, CustomStringConvertible {
    /// The ranges, sorted and merged.
    public let ranges: [ClosedRange<UInt32>]

    /// The set of `uids` (duplicates and order do not matter; 0 is dropped, it is no UID).
    public init(_ uids: some Sequence<UInt32>) {
        var merged: [ClosedRange<UInt32>] = []
        for uid in uids.sorted() where uid > 0 {
            if let last = merged.last, uid <= last.upperBound || uid - 1 == last.upperBound {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, uid)
            } else {
                merged.append(uid...uid)
            }
        }
        ranges = merged
    }

    /// The set of one range (clamped to start at 1).
    public init(_ range: ClosedRange<UInt32>) {
        ranges = range.upperBound == 0 ? [] : [max(range.lowerBound, 1)...range.upperBound]
    }

    /// Whether it holds no UID.
    public var isEmpty: Bool { ranges.isEmpty }

    /// How many UIDs it holds.
    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    /// Whether `uid` is in the set.
    public func contains(_ uid: UInt32) -> Bool { ranges.contains { $0.contains(uid) } }

    /// The IMAP form.
    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound):\($0.upperBound)" }.joined(separator: ",")
    }
}
