import Foundation

/// What `EXAMINE` or `SELECT` reported about a mailbox.
public struct IMAPMailboxStatus: Sendable, Hashable {
    /// The mailbox.
    public var mailbox: IMAPMailboxName
    /// `UIDVALIDITY`: while it stays the same, a UID names the same message.
    public var uidValidity: UInt32
    /// `UIDNEXT`: the UID the next message will get at least (`nil` if the server did not say).
    public var uidNext: UInt32?
    /// How many messages the mailbox holds.
    public var exists: UInt32
    /// Whether it is open read-only (`EXAMINE`, or a server that allows no more).
    public var readOnly: Bool

    /// A status (for tests and fakes).
    public init(mailbox: IMAPMailboxName, uidValidity: UInt32, uidNext: UInt32?, exists: UInt32, readOnly: Bool) {
        self.mailbox = mailbox
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.exists = exists
        self.readOnly = readOnly
    }
}

/// One message fetched whole.
public struct IMAPMessage: Sendable, Hashable {
    /// Its UID.
    public var uid: UInt32
    /// `INTERNALDATE`: when the server received it (`nil` if missing or malformed).
    public var internalDate: Date?
    /// `RFC822.SIZE` (the size of ``raw`` when the server did not say).
    public var size: Int
    /// The message exactly as stored on the server.
    public var raw: Data

    /// A message (for tests and fakes).
    public init(uid: UInt32, internalDate: Date?, size: Int, raw: Data) {
        self.uid = uid
        self.internalDate = internalDate
        self.size = size
        self.raw = raw
    }
}

/// A message that was not held: what is known about it.
public struct IMAPMessageSummary: Sendable, Hashable {
    /// Its UID.
    public var uid: UInt32
    /// `INTERNALDATE`, when known.
    public var internalDate: Date?
    /// Its size in bytes.
    public var size: Int

    /// A summary (for tests and fakes).
    public init(uid: UInt32, internalDate: Date?, size: Int) {
        self.uid = uid
        self.internalDate = internalDate
        self.size = size
    }
}

/// The result of one `UID FETCH`.
public struct IMAPFetchBatch: Sendable, Hashable {
    /// An empty batch.
    public init() {}

    /// The messages fetched whole, by ascending UID.
    public var messages: [IMAPMessage] = []
    /// Messages larger than the size cap: drained from the connection, never held. The caller
    /// records them (quarantine) instead of losing them silently.
    public var tooLarge: [IMAPMessageSummary] = []
    /// UIDs whose bodies did not fit in this batch's byte budget: fetch them again.
    public var deferred: [UInt32] = []

    /// The highest UID this batch accounted for (fetched or too large), if any.
    public var highestCompleteUID: UInt32? {
        let done = messages.map(\.uid) + tooLarge.map(\.uid)
        let firstDeferred = deferred.min() ?? .max
        return done.filter { $0 < firstDeferred }.max()
    }
}

/// How ``IMAPConnection/idle(until:)`` ended.
public enum IMAPIdleOutcome: Sendable, Hashable {
    /// The server announced more messages than the mailbox held before; `exists` is the new count.
    case newMessages(exists: UInt32)
    /// The deadline came with no new message.
    case timedOut
}
