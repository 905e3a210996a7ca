import HarkCore
import HarkStore

/// The daemon's ``SourceLedger``: source state and poll reports go straight to the store.
struct StoreSourceLedger: SourceLedger {
    let store: any InboxStore

    func sourceState(_ source: SourceID) async throws -> SourceState? {
        try await store.sourceState(source)
    }

    func record(_ report: SourcePollReport) async throws {
        try await store.recordSourcePoll(report)
    }
}
