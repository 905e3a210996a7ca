import Logging

/// One long-lived IMAP connection (keep one per mailbox): libcurl connects, does TLS and logs
/// in, then Hark speaks IMAP itself on that connection, on a thread of its own.
///
/// Operations run one at a time in the order they are called. Nothing changes the mailbox
/// unless asked: mailboxes are opened with `EXAMINE` and messages fetched with `BODY.PEEK[]`, so
/// `\Seen` stays as it was; ``markSeen(_:)`` and ``move(_:to:)`` are opt-in. Cancelling the
/// calling task stops the operation within about 100 ms; after a cancelled or failed command
/// (other than a `NO` answer) the connection is unusable and the caller reconnects, with a
/// backoff of its choosing. A cancelled ``idle(until:)`` leaves it usable.
public final class IMAPConnection: Sendable {
    /// The capabilities the server announced after login, upper-cased (`IDLE`, `MOVE`, ...).
    public let capabilities: Set<String>
    /// `host:port`, for logs.
    public let endpoint: String
    private let worker: IMAPWorker
    private let logger: Logger

    private init(capabilities: Set<String>, endpoint: String, worker: IMAPWorker, logger: Logger) {
        self.capabilities = capabilities
        self.endpoint = endpoint
        self.worker = worker
        self.logger = logger
    }

    deinit {
        worker.stop()
    }

    /// Connects and logs in.
    /// - Throws: ``IMAPError``: `blocked_address`, `connect_error`, `tls_error`, `auth_failed`,
    ///   `timeout`, `invalid_argument` (a bad host or a credential with control characters),
    ///   `cancelled`, ...
    public static func connect(
        _ configuration: IMAPConfiguration,
        logger: Logger = Logger(label: "hark.imap")
    ) async throws(IMAPError) -> IMAPConnection {
        let worker = IMAPWorker.start(name: "hark-imap")
        let opened = await worker.submit(abandonOnCancel: true) { state, control -> Result<Set<String>, IMAPError> in
            do throws(IMAPError) {
                let session = try IMAPSession.open(configuration, logger: logger, control: control)
                state.session = session
                return .success(session.capabilities)
            } catch {
                return .failure(error)
            }
        }
        switch opened {
        case .success(let capabilities)?:
            logger.debug("imap connected", metadata: ["imap.server": "\(configuration.endpoint)"])
            return IMAPConnection(
                capabilities: capabilities,
                endpoint: configuration.endpoint,
                worker: worker,
                logger: logger
            )
        case .failure(let error)?:
            worker.stop()
            logger.debug(
                "imap connect failed",
                metadata: ["imap.server": "\(configuration.endpoint)", "imap.error": "\(error.code)"]
            )
            throw error
        case nil:
            worker.stop()
            throw IMAPError(.cancelled, "connecting to \(configuration.endpoint) was cancelled")
        }
    }

    /// Opens `mailbox`: read-only (`EXAMINE`) unless `readOnly` is `false` (`SELECT`, needed
    /// for ``markSeen(_:)`` and ``move(_:to:)``).
    /// - Parameter expectedUIDValidity: the `UIDVALIDITY` of the caller's checkpoint, if any.
    /// - Throws: ``IMAPError`` `mailbox_missing`, `uidvalidity_changed` (when it differs from
    ///   `expectedUIDValidity`; the mailbox is then not selected), ...
    public func select(
        _ mailbox: IMAPMailboxName,
        readOnly: Bool = true,
        expectedUIDValidity: UInt32? = nil
    ) async throws(IMAPError) -> IMAPMailboxStatus {
        try await run { session throws(IMAPError) in
            try session.select(mailbox, readOnly: readOnly, expectedUIDValidity: expectedUIDValidity)
        }
    }

    /// The UIDs from `first` through `last` (or the end) in the selected mailbox, ascending.
    public func uidSearch(from first: UInt32, through last: UInt32? = nil) async throws(IMAPError) -> [UInt32] {
        try await run { session throws(IMAPError) in try session.uidSearch(from: first, through: last) }
    }

    /// Fetches whole messages with `UID FETCH set (UID INTERNALDATE RFC822.SIZE BODY.PEEK[])`
    /// in one command (`\Seen` untouched). Messages over the size cap come back in
    /// ``IMAPFetchBatch/tooLarge``, bodies past the batch byte budget in
    /// ``IMAPFetchBatch/deferred``; UIDs that no longer exist are simply absent.
    /// - Throws: ``IMAPError`` `uidvalidity_changed` when the server announced a new
    ///   `UIDVALIDITY` meanwhile, ...
    public func uidFetch(_ uids: IMAPSequenceSet) async throws(IMAPError) -> IMAPFetchBatch {
        try await run { session throws(IMAPError) in try session.uidFetch(uids) }
    }

    /// The flags of messages (`UID FETCH set (UID FLAGS)`).
    public func uidFlags(_ uids: IMAPSequenceSet) async throws(IMAPError) -> [UInt32: [String]] {
        try await run { session throws(IMAPError) in try session.uidFlags(uids) }
    }

    /// Waits until the selected mailbox has more messages than when the wait began, or until
    /// `deadline`. Uses `IDLE` (re-issued every ``IMAPTimeouts/idleRestart``) when the server
    /// has it, `NOOP` polling otherwise.
    /// - Throws: ``IMAPError`` `cancelled` when the task is cancelled (the connection stays
    ///   usable), ...
    public func idle(until deadline: ContinuousClock.Instant) async throws(IMAPError) -> IMAPIdleOutcome {
        try await run { session throws(IMAPError) in try session.idle(until: deadline) }
    }

    /// `NOOP`: lets the server report news; the selected mailbox's state afterwards.
    public func noop() async throws(IMAPError) -> IMAPMailboxStatus? {
        try await run { session throws(IMAPError) in try session.noop() }
    }

    /// Opt-in, after commit: adds `\Seen` to messages (the mailbox must be selected read-write).
    public func markSeen(_ uids: IMAPSequenceSet) async throws(IMAPError) {
        try await run { session throws(IMAPError) in try session.addFlags(["\\Seen"], to: uids) }
    }

    /// Opt-in, after commit: moves messages to `target` (the mailbox must be selected
    /// read-write; `MOVE`, or `COPY` + `UID EXPUNGE`).
    public func move(_ uids: IMAPSequenceSet, to target: IMAPMailboxName) async throws(IMAPError) {
        try await run { session throws(IMAPError) in try session.move(uids, to: target) }
    }

    /// Says `LOGOUT` (briefly; errors are ignored) and closes the connection and its thread.
    public func logout() async {
        _ = await worker.submit { state, _ in
            state.session?.logout()
            state.session = nil
        }
        worker.stop()
    }

    /// Closes the connection at once, without `LOGOUT`; a running operation is cancelled.
    public func close() {
        worker.stop()
    }

    /// Runs `work` with the session on the connection's thread.
    private func run<T: Sendable>(
        _ work: @escaping @Sendable (IMAPSession) throws(IMAPError) -> T
    ) async throws(IMAPError) -> T {
        let endpoint = self.endpoint
        let result = await worker.submit { state, control -> Result<T, IMAPError> in
            guard let session = state.session else {
                return .failure(IMAPError(.connectionLost, "the connection to \(endpoint) is closed"))
            }
            if control.isCancelled { return .failure(IMAPError(.cancelled, "the IMAP operation was cancelled")) }
            session.control = control
            do throws(IMAPError) {
                return .success(try work(session))
            } catch {
                return .failure(error)
            }
        }
        guard let result else { throw IMAPError(.connectionLost, "the connection to \(endpoint) is closed") }
        if case .failure(let error) = result {
            logger.debug(
                "imap operation failed",
                metadata: ["imap.server": "\(endpoint)", "imap.error": "\(error.code)"]
            )
        }
        return try result.get()
    }
}
