import Foundation
import HarkCore
import Logging

/// Reads the new messages of a mail source's folders over one connection and commits them, batch
/// by batch, each batch in one transaction with the folder's new position (P3).
///
/// A batch is asked for while the previous one is parsed and committed, so the server, the parser
/// and the store work at the same time; at most two batches are held. A crash at any point loses
/// nothing (the position only moves with a commit) and duplicates nothing (a message read again
/// has the same delivery and mention keys).
public struct MailPoller: Sendable {
    /// How far a sync has got, for `hark poll`.
    public struct Progress: Sendable, Hashable {
        public var folder: String
        /// Messages of this folder done in this sync (committed, quarantined or gone).
        public var done: Int
        /// Messages of this folder this sync set out to read.
        public var total: Int

        public init(folder: String, done: Int, total: Int) {
            self.folder = folder
            self.done = done
            self.total = total
        }
    }

    /// What one sync did.
    public struct Outcome: Sendable {
        /// Mentions stored or revised.
        public var ingested = 0
        /// Messages fetched whole.
        public var fetched = 0
        /// Messages quarantined (too large).
        public var quarantined = 0
        /// Folders that could not be read, with why; the others were read.
        public var folderFailures: [(folder: String, error: IMAPError)] = []
        /// Events to keep with the source (`uidvalidity_changed`).
        public var events: [SourceEvent] = []
        /// The items of a dry run (nothing is committed then).
        public var dryRunItems: [IngestItem] = []
    }

    /// Why a sync stopped early.
    public enum Failure: Error, Sendable {
        /// The connection failed: reconnect (after a backoff) and sync again.
        case connection(IMAPError)
        /// The store could not commit: nothing of the batch was kept; try again later.
        case store(String)
        /// The task was cancelled.
        case cancelled
    }

    public let settings: MailSourceSettings
    public let sink: any MentionSink
    public let clock: any WallClock
    public let logger: Logger

    public init(settings: MailSourceSettings, sink: any MentionSink, clock: any WallClock, logger: Logger) {
        self.settings = settings
        self.sink = sink
        self.clock = clock
        self.logger = logger
    }

    /// Syncs every folder once. `state` is the committed state, and is updated as batches commit.
    /// - Parameters:
    ///   - dryRun: fetch and parse, commit nothing; the items are returned in the outcome.
    ///   - progress: called after each batch.
    public func sync(
        _ connection: IMAPConnection, state: inout MailState, dryRun: Bool = false,
        progress: (@Sendable (Progress) -> Void)? = nil
    ) async throws(Failure) -> Outcome {
        var outcome = Outcome()
        for folder in settings.folders {
            do throws(Failure) {
                try await syncFolder(folder, connection, state: &state, outcome: &outcome, dryRun: dryRun, progress: progress)
            } catch .connection(let error) where Self.isFolderError(error) {
                var position = state.folder(folder.name)
                position.lastError = "\(error.code): \(error.message)"
                position.lastErrorAt = clock.now()
                state.folders[folder.name] = position
                outcome.folderFailures.append((folder.name, error))
                logger.warning(
                    "cannot read mail folder",
                    metadata: ["hark.source": "\(settings.id)", "mail.folder": "\(folder.name)", "hark.error": "\(error)"])
            }
        }
        if !dryRun {
            // Saves each folder's health (and an action's progress) even when no mail came.
            try await commit([], state: state)
        }
        return outcome
    }

    /// Whether an error concerns one folder only (the connection is still good).
    static func isFolderError(_ error: IMAPError) -> Bool {
        [.mailboxMissing, .commandFailed, .invalidArgument, .unsupported].contains(error.code)
    }

    private func syncFolder(
        _ name: IMAPMailboxName, _ connection: IMAPConnection, state: inout MailState, outcome: inout Outcome,
        dryRun: Bool, progress: (@Sendable (Progress) -> Void)?
    ) async throws(Failure) {
        var folder = state.folder(name.name)
        let readOnly = dryRun || !settings.needsWriteAccess
        let status: IMAPMailboxStatus
        do {
            status = try await connection.select(name, readOnly: readOnly, expectedUIDValidity: folder.uidValidity)
        } catch where error.code == .uidValidityChanged {
            let previous = folder.uidValidity
            status = try await imap { () async throws(IMAPError) in try await connection.select(name, readOnly: readOnly) }
            // The UIDs were renumbered: read the folder again from the start. The mention keys
            // (Message-ID and content) make every message already stored a duplicate.
            let changes = folder.uidValidityChanges + 1
            folder = MailState.Folder(name: name.name)
            folder.uidValidityChanges = changes
            outcome.events.append(
                SourceEvent(
                    kind: "uidvalidity_changed", at: clock.now(),
                    details: [
                        "folder": name.name, "from": previous.map { "\($0)" } ?? "", "to": "\(status.uidValidity)",
                    ]))
            logger.notice(
                "mail folder renumbered (UIDVALIDITY changed); reading it again, duplicates are recognised",
                metadata: ["hark.source": "\(settings.id)", "mail.folder": "\(name.name)"])
        } catch {
            throw .connection(error)
        }
        let uidValidity = status.uidValidity
        if folder.uidValidity == nil {
            folder.uidValidity = uidValidity
        }
        folder.messages = status.exists

        if !dryRun { try await redoActions(name, connection, folder: &folder) }

        var uids: [UInt32] = []
        let mayHaveNew = status.uidNext.map { $0 > folder.lastUID &+ 1 } ?? true
        if status.exists > 0, mayHaveNew {
            let after = folder.lastUID
            uids = try await imap { () async throws(IMAPError) in try await connection.uidSearch(from: after &+ 1) }
                .filter { $0 > after }
        }

        var fetchQueue = uids[...]
        var deferred: [UInt32] = []
        func nextRequest() -> [UInt32]? {
            if !deferred.isEmpty {
                let take = Array(deferred.prefix(settings.batchSize))
                deferred.removeFirst(take.count)
                return take
            }
            guard !fetchQueue.isEmpty else { return nil }
            let take = Array(fetchQueue.prefix(settings.batchSize))
            fetchQueue = fetchQueue.dropFirst(take.count)
            return take
        }
        func startFetch(_ request: [UInt32]) -> Task<Result<IMAPFetchBatch, IMAPError>, Never> {
            Task {
                do throws(IMAPError) {
                    return .success(try await connection.uidFetch(IMAPSequenceSet(request)))
                } catch {
                    return .failure(error)
                }
            }
        }

        var request = nextRequest()
        var pending = request.map(startFetch)
        defer { pending?.cancel() }
        // The previous batch's commit runs while this batch is parsed; it is settled (and its
        // after-commit action done) before this batch's position is computed and committed.
        var committing: Committing?
        var done = Progress(folder: name.name, done: 0, total: uids.count)
        do throws(Failure) {
            while let current = request, let fetching = pending {
                let batch: IMAPFetchBatch
                switch await withTaskCancellationHandler(operation: { await fetching.value }, onCancel: { fetching.cancel() }) {
                case .success(let fetched): batch = fetched
                case .failure(let error): throw error.code == .cancelled ? .cancelled : .connection(error)
                }
                if Task.isCancelled { throw .cancelled }
                CrashPoint.pass("mail_after_fetch")
                let held = Set(batch.messages.map(\.uid)).union(batch.tooLarge.map(\.uid))
                if batch.deferred.count == current.count, held.isEmpty {
                    throw .connection(IMAPError(.protocolError, "the server sent none of the messages asked for"))
                }
                deferred.append(contentsOf: batch.deferred.sorted())
                // Ask for the next batch now; it arrives while this one is parsed and committed.
                request = nextRequest()
                pending = request.map(startFetch)

                var items = await Self.drafts(
                    batch.messages, source: settings.id, folder: name.name, uidValidity: uidValidity,
                    limits: settings.parserLimits, assess: { [sink] in sink.assessment(of: $0) })
                items.reserveCapacity(batch.messages.count + batch.tooLarge.count)
                for summary in batch.tooLarge {
                    items.append(
                        MailDrafts.tooLarge(
                            summary, source: settings.id, folder: name.name, uidValidity: uidValidity,
                            cap: settings.connection.limits.maximumLiteralSize))
                }
                outcome.fetched += batch.messages.count
                try await settle(&committing, name, connection, state: &state, folder: &folder, outcome: &outcome, progress: progress)

                // The position moves to just below the lowest UID still outstanding (deferred, asked
                // for, or not yet asked for): every UID under it is committed or no longer exists.
                let completed = Set(current).subtracting(batch.deferred)
                let outstanding = [deferred.min(), request?.min(), fetchQueue.first].compactMap { $0 }.min()
                folder.lastUID = max(folder.lastUID, outstanding.map { $0 - 1 } ?? uids.last ?? folder.lastUID)
                if settings.afterCommit == .nothing { folder.actedThroughUID = folder.lastUID }
                done.done += completed.count

                if dryRun {
                    outcome.dryRunItems.append(contentsOf: items)
                    progress?(done)
                } else {
                    var next = state
                    next.folders[name.name] = folder
                    let batch = IngestBatch(source: settings.id, items: items, state: next.sourceState)
                    let sink = self.sink
                    committing = Committing(
                        task: Task {
                            do {
                                return .success(try await sink.submit(batch))
                            } catch is CancellationError {
                                return .failure(.cancelled)
                            } catch {
                                return .failure(.store("\(error)"))
                            }
                        },
                        next: next, completed: completed, progress: done)
                }
            }
        } catch {
            // A commit already under way finishes (a database write cannot be taken back): take
            // its state if it succeeded, so that the next sync does not read that batch again.
            if let current = committing, case .success = await current.task.value { state = current.next }
            throw error
        }
        try await settle(&committing, name, connection, state: &state, folder: &folder, outcome: &outcome, progress: progress)
        folder.lastSuccessAt = clock.now()
        folder.lastError = nil
        folder.lastErrorAt = nil
        state.folders[name.name] = folder
    }

    /// A batch's commit under way.
    private struct Committing {
        let task: Task<Result<[IngestReceipt], Failure>, Never>
        /// The state the batch commits.
        let next: MailState
        /// The UIDs the batch accounts for (for the after-commit action).
        let completed: Set<UInt32>
        /// The folder's progress once it is committed.
        let progress: Progress
    }

    /// Waits for the commit under way, if any: counts its receipts, takes its state as committed
    /// and applies the after-commit action.
    private func settle(
        _ committing: inout Committing?, _ name: IMAPMailboxName, _ connection: IMAPConnection,
        state: inout MailState, folder: inout MailState.Folder, outcome: inout Outcome,
        progress: (@Sendable (Progress) -> Void)?
    ) async throws(Failure) {
        guard let current = committing else { return }
        committing = nil
        let task = current.task
        let receipts = try await withTaskCancellationHandler(
            operation: { await task.value }, onCancel: { task.cancel() }
        ).get()
        CrashPoint.pass("mail_after_commit")
        state = current.next
        for receipt in receipts {
            switch receipt {
            case .stored, .revised: outcome.ingested += 1
            case .quarantined, .conflict: outcome.quarantined += 1
            case .duplicate, .duplicateQuarantine: break
            }
        }
        MailMetrics.items(receipts)
        try await act(name, connection, on: current.completed, folder: &folder)
        progress?(current.progress)
    }

    /// Parses the messages of a batch into items, in order, on every core: parsing is most of the
    /// work of a message, and the batches of a backfill are large.
    static func drafts(
        _ messages: [IMAPMessage], source: SourceID, folder: String, uidValidity: UInt32, limits: MailParserLimits,
        assess: @escaping @Sendable (MentionDraft) -> Assessment? = { _ in nil }
    ) async -> [IngestItem] {
        @Sendable func parse(_ slice: ArraySlice<IMAPMessage>) -> [IngestItem] {
            slice.map { message in
                let item = MailDrafts.item(
                    message, parsed: MailParser.parse(message.raw, limits: limits), source: source, folder: folder,
                    uidValidity: uidValidity)
                // Assessed here, on the parsing lanes, rather than one by one when the batch is handed in.
                guard case .mention(let draft, nil) = item, let assessment = assess(draft) else { return item }
                return .mention(draft, assessment)
            }
        }
        let lanes = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8)
        guard lanes > 1, messages.count >= 8 else { return parse(messages[...]) }
        let size = (messages.count + lanes - 1) / lanes
        return await withTaskGroup(of: (Int, [IngestItem]).self) { group in
            for (lane, start) in stride(from: 0, to: messages.count, by: size).enumerated() {
                let slice = messages[start..<min(start + size, messages.count)]
                group.addTask { (lane, parse(slice)) }
            }
            var parts: [(Int, [IngestItem])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// Commits items with the new state; nothing is kept when it fails.
    @discardableResult
    private func commit(_ items: [IngestItem], state: MailState) async throws(Failure) -> [IngestReceipt] {
        do {
            return try await sink.submit(IngestBatch(source: settings.id, items: items, state: state.sourceState))
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .store("\(error)")
        }
    }

    /// The opt-in action on messages just committed. A failure leaves ``MailState/Folder/actedThroughUID``
    /// behind, so the action is redone on the next sync.
    private func act(
        _ name: IMAPMailboxName, _ connection: IMAPConnection, on uids: Set<UInt32>, folder: inout MailState.Folder
    ) async throws(Failure) {
        guard settings.afterCommit != .nothing, !uids.isEmpty else { return }
        if folder.actedThroughUID + 1 < (uids.min() ?? 0) {
            // An earlier action failed: redo it together with this one.
            try await redoActions(name, connection, folder: &folder)
            return
        }
        try await applyAction(IMAPSequenceSet(uids), name, connection, folder: &folder)
    }

    /// Applies the action to committed messages it has not been applied to (after a crash or a
    /// failed action).
    private func redoActions(
        _ name: IMAPMailboxName, _ connection: IMAPConnection, folder: inout MailState.Folder
    ) async throws(Failure) {
        guard settings.afterCommit != .nothing else {
            folder.actedThroughUID = folder.lastUID
            return
        }
        guard folder.actedThroughUID < folder.lastUID else { return }
        try await applyAction(
            IMAPSequenceSet((folder.actedThroughUID + 1)...folder.lastUID), name, connection, folder: &folder)
    }

    /// Applies the action to `uids`; on success the folder's actions are done up to its
    /// checkpoint. A refusal for this folder only is logged and retried on the next sync.
    private func applyAction(
        _ uids: IMAPSequenceSet, _ name: IMAPMailboxName, _ connection: IMAPConnection, folder: inout MailState.Folder
    ) async throws(Failure) {
        do {
            try await apply(uids, connection)
            folder.actedThroughUID = folder.lastUID
        } catch where Self.isFolderError(error) {
            logger.warning(
                "could not apply the after-commit action; it is retried on the next sync",
                metadata: ["hark.source": "\(settings.id)", "mail.folder": "\(name.name)", "hark.error": "\(error)"])
        } catch {
            throw error.code == .cancelled ? .cancelled : .connection(error)
        }
    }

    private func apply(_ uids: IMAPSequenceSet, _ connection: IMAPConnection) async throws(IMAPError) {
        switch settings.afterCommit {
        case .nothing: return
        case .markSeen: try await connection.markSeen(uids)
        case .move(let target): try await connection.move(uids, to: target)
        }
    }

    /// Runs an IMAP operation, mapping its error.
    private func imap<T>(_ operation: () async throws(IMAPError) -> T) async throws(Failure) -> T {
        do {
            return try await operation()
        } catch {
            throw error.code == .cancelled ? .cancelled : .connection(error)
        }
    }
}
