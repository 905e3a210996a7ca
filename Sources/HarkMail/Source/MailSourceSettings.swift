import Foundation
import HarkCore

/// How one mail source is read: the server, the folders, and what (if anything) is done to the
/// messages after they are committed.
public struct MailSourceSettings: Sendable {
    /// What to do to a message once it is committed. Nothing, by default: Hark reads a mailbox
    /// without changing it.
    public enum AfterCommit: Sendable, Hashable {
        /// Leave the message as it is (the default).
        case nothing
        /// Add `\Seen`.
        case markSeen
        /// Move it to this folder.
        case move(to: IMAPMailboxName)
    }

    /// The source.
    public var id: SourceID
    /// The server and the login.
    public var connection: IMAPConfiguration
    /// The folders to read, in order; the first is the one watched with `IDLE`.
    public var folders: [IMAPMailboxName]
    /// What to do after commit (opt-in).
    public var afterCommit: AfterCommit = .nothing
    /// How long to wait for news between two syncs (`IDLE`, or polling without it); every folder
    /// is looked at once per interval at least.
    public var interval: Duration = .seconds(60)
    /// Messages asked for in one `UID FETCH` (and committed in one transaction).
    public var batchSize: Int = 500
    /// The parser's limits.
    public var parserLimits = MailParserLimits()
    /// The longest wait between reconnects after errors.
    public var maximumBackoff: Duration = .seconds(15 * 60)

    public init(id: SourceID, connection: IMAPConfiguration, folders: [IMAPMailboxName] = [.inbox]) {
        self.id = id
        self.connection = connection
        self.folders = folders.isEmpty ? [.inbox] : folders
    }

    /// Whether folders must be opened read-write (`SELECT`) for the after-commit action.
    var needsWriteAccess: Bool { afterCommit != .nothing }
}
