import Foundation

/// One server response, parsed (RFC 3501 §7). Only what Hark uses is taken apart; other
/// untagged responses are recognised by name and skipped.
public enum IMAPResponse: Sendable, Hashable {
    /// The completion of a command: `TAG OK|NO|BAD [code] text`.
    case tagged(tag: String, IMAPStatusResponse)
    /// `* ...`: data or status the server sends on its own or for a command.
    case untagged(IMAPUntaggedResponse)
    /// `+ text`: the server waits for the rest of a command (a literal, SASL, or IDLE's `DONE`).
    case continuation(String)
}

/// `OK`, `NO`, `BAD`, `PREAUTH` or `BYE` with its optional response code and text.
public struct IMAPStatusResponse: Sendable, Hashable {
    /// The status word.
    public var status: IMAPStatus
    /// The bracketed response code, when there is one.
    public var code: IMAPResponseCode?
    /// The human-readable text (server-supplied: quote it with care).
    public var text: String

    /// A status response.
    public init(_ status: IMAPStatus, code: IMAPResponseCode? = nil, text: String = "") {
        self.status = status
        self.code = code
        self.text = text
    }
}

/// The status words of RFC 3501 §7.1.
public enum IMAPStatus: String, Sendable, Hashable {
    /// Success, or information.
    case ok = "OK"
    /// The command failed (the mailbox is missing, the login was refused, ...).
    case no = "NO"
    /// The command was malformed or not allowed now.
    case bad = "BAD"
    /// The greeting of a connection that is already logged in.
    case preauth = "PREAUTH"
    /// The server is closing the connection.
    case bye = "BYE"
}

/// A response code (`[UIDVALIDITY 3857529045]`, ...).
public enum IMAPResponseCode: Sendable, Hashable {
    /// `UIDVALIDITY n`.
    case uidValidity(UInt32)
    /// `UIDNEXT n`.
    case uidNext(UInt32)
    /// `READ-ONLY`: the mailbox was opened read-only.
    case readOnly
    /// `READ-WRITE`.
    case readWrite
    /// `CAPABILITY ...`, upper-cased.
    case capability([String])
    /// RFC 5530 `NONEXISTENT`: the mailbox does not exist.
    case nonexistent
    /// RFC 5530 `AUTHENTICATIONFAILED`.
    case authenticationFailed
    /// Any other code, by name (upper-cased), with its arguments as sent.
    case other(String, arguments: String)
}

/// The untagged responses Hark reads.
public enum IMAPUntaggedResponse: Sendable, Hashable {
    /// `* OK|NO|BAD|PREAUTH|BYE [code] text`.
    case status(IMAPStatusResponse)
    /// `* CAPABILITY ...`, upper-cased.
    case capability([String])
    /// `* n EXISTS`: the mailbox holds `n` messages.
    case exists(UInt32)
    /// `* n RECENT`.
    case recent(UInt32)
    /// `* n EXPUNGE`: message number `n` was removed.
    case expunge(UInt32)
    /// `* FLAGS (...)`.
    case flags([String])
    /// `* SEARCH n ...`: the numbers (UIDs for `UID SEARCH`).
    case search([UInt32])
    /// `* n FETCH (...)`.
    case fetch(IMAPFetchResponse)
    /// Any other untagged response, by its upper-cased name (`LIST`, `STATUS`, ...), skipped.
    case other(String)
}

/// The attributes of one `FETCH` response that Hark asks for.
public struct IMAPFetchResponse: Sendable, Hashable {
    /// The message sequence number.
    public var sequenceNumber: UInt32
    /// `UID`.
    public var uid: UInt32?
    /// `INTERNALDATE`, when present and well-formed.
    public var internalDate: Date?
    /// `RFC822.SIZE`.
    public var size: Int?
    /// `FLAGS`.
    public var flags: [String]?
    /// `BODY[]` (or `RFC822`): the whole message, or how large it was when it was not held.
    public var body: IMAPLiteral?

    /// A response for message number `sequenceNumber` with the given attributes.
    public init(
        sequenceNumber: UInt32,
        uid: UInt32? = nil,
        internalDate: Date? = nil,
        size: Int? = nil,
        flags: [String]? = nil,
        body: IMAPLiteral? = nil
    ) {
        self.sequenceNumber = sequenceNumber
        self.uid = uid
        self.internalDate = internalDate
        self.size = size
        self.flags = flags
        self.body = body
    }
}
