import Foundation
import HarkCore
import HarkMail
import HarkStore
import Logging

extension StoreCommands {
    /// `hark poll` of a mail source: one sync of every folder over one connection, committed as
    /// the daemon would (or, with `dryRun`, fetched and parsed without committing anything).
    public func pollMail(
        _ source: HarkConfiguration.Source, dryRun: Bool, logger: Logger,
        progress: (@Sendable (MailPoller.Progress) -> Void)?
    ) async throws -> PollOutcome {
        guard let settings = try source.mailSettings(configuration, environment: ProcessInfo.processInfo.environment) else {
            throw HarkError(.invalidConfiguration, "source \(source.id) has no usable url or username")
        }
        let clock = SystemWallClock()
        let ledger = StoreSourceLedger(store: store)
        let poller = MailPoller(settings: settings, sink: DirectSink(store: store, clock: clock, assess: try MentionAssessment.make(configuration)), clock: clock, logger: logger)
        var state = MailState(try await store.sourceState(source.id))
        let started = clock.now()
        let result: Result<MailPoller.Outcome, MailPoller.Failure>
        do {
            let connection = try await IMAPConnection.connect(settings.connection, logger: logger)
            defer { connection.close() }
            do {
                result = .success(try await poller.sync(connection, state: &state, dryRun: dryRun, progress: progress))
            } catch {
                result = .failure(error)
            }
            if case .success = result { await connection.logout() }
        } catch {
            result = .failure(.connection(error))
        }
        let failure: (code: String, message: String)?
        switch result {
        case .success(let outcome) where !outcome.folderFailures.isEmpty:
            let first = outcome.folderFailures[0]
            failure = (first.error.code.rawValue, "\(first.folder): \(first.error.message)")
        case .success: failure = nil
        case .failure(.connection(let error)): failure = (error.code.rawValue, error.message)
        case .failure(.store(let message)): failure = ("store_unavailable", message)
        case .failure(.cancelled): failure = ("cancelled", "the poll was interrupted")
        }
        let outcome = try? result.get()
        if dryRun {
            let drafts = (outcome?.dryRunItems ?? []).compactMap { item -> MentionDraft? in
                if case .mention(let draft, _) = item { return draft }
                return nil
            }
            return PollOutcome(drafts: drafts, result: failure?.code ?? "ok", message: failure?.message)
        }
        var events = outcome?.events ?? []
        for folder in outcome?.folderFailures ?? [] {
            events.append(
                SourceEvent(kind: "folder_error", at: clock.now(), details: ["folder": folder.folder, "code": folder.error.code.rawValue]))
        }
        let report = SourcePollReport(
            source: source.id, kind: "imap", at: started,
            outcome: failure.map { .failure(code: $0.code, message: $0.message) } ?? .success(ingested: outcome?.ingested ?? 0),
            events: events)
        try await ledger.record(report)
        let status = try await store.sourceStatuses(eventsPerSource: 5).first { $0.source == source.id }
        return PollOutcome(
            drafts: [], result: failure?.code ?? "ok", message: failure?.message, status: status, ingested: outcome?.ingested ?? 0)
    }

    /// The committed position of each folder of a mail source (`hark sources`).
    public func mailFolders(_ source: SourceID) async throws -> [MailState.Folder] {
        guard let configured = configuration.sources.first(where: { $0.id == source }), configured.kind == .imap else {
            return []
        }
        let state = MailState(try await store.sourceState(source))
        return configured.effectiveFolders.map { state.folder($0) }
    }
}
