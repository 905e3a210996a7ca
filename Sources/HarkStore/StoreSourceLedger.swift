import HarkCore

/// The daemon's ``SourceLedger``: source state and poll reports go straight to the store.
public struct StoreSourceLedger: SourceLedger {
    public let store: any InboxStore

    public init(store: any InboxStore) {
        self.store = store
    }

    public func sourceState(_ source: SourceID) async throws -> SourceState? {
        try await store.sourceState(source)
    }

    public func record(_ report: SourcePollReport) async throws {
        try await store.recordSourcePoll(report)
    }
}
