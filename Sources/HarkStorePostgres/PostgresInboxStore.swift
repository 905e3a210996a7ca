import Foundation
import HarkCore
import HarkStore
import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle

/// The store several `hark serve` instances share: PostgreSQL through postgres-nio.
///
/// Same contract as the SQLite store (one contract suite runs against both): exactly-once ingest
/// by unique constraints, group commit (the ingestor's batches share one transaction), keyset
/// pagination, full-text search with PostgreSQL's own language configurations. A commit that
/// meets another instance's commit of the same keys is retried, and then answers duplicate.
///
/// The connection pool (`PostgresClient`) runs for the store's lifetime: ``open(_:logger:)``
/// starts it and migrates, ``close()`` (or the store's end) stops it. ``run()`` makes the store a
/// `Service` that closes the pool when the daemon's service group shuts down.
public final class PostgresInboxStore: InboxStore, Service {
    let client: PostgresClient
    let configuration: PostgresStoreConfiguration
    let logger: Logger
    private let runner: Task<Void, Never>

    private init(
        client: PostgresClient, configuration: PostgresStoreConfiguration, logger: Logger,
        started: AsyncStream<Void>.Continuation
    ) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        runner = Task {
            started.finish()
            await client.run()
        }
    }

    deinit {
        runner.cancel()
    }

    /// Connects (the pool starts) and brings the schema up to date. Several instances starting at
    /// once migrate one after another (an advisory lock), never twice.
    /// - Throws: ``HarkError`` `.storage` naming the server and the reason (never the password) when it
    ///   cannot be reached or refuses the connection.
    public static func open(_ configuration: PostgresStoreConfiguration, logger: Logger) async throws -> PostgresInboxStore {
        try await PostgresSignIn.check(configuration, logger: logger)
        let client = PostgresClient(configuration: try configuration.clientConfiguration(), backgroundLogger: logger)
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let store = PostgresInboxStore(client: client, configuration: configuration, logger: logger, started: signal)
        for await _ in started {}  // the pool runs before the first query asks it for a connection
        do {
            // The pool keeps trying to connect; a server that never answers is an error here.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await PostgresMigrations.migrate(client, logger: logger) }
                group.addTask {
                    try await Task.sleep(for: configuration.openTimeout)
                    throw HarkError(.unavailable, "no answer within \(configuration.openTimeout)")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch {
            store.close()
            throw HarkError(
                .storage, "cannot open the PostgreSQL store at \(configuration.displayName): check the URL, password and server",
                cause: error)
        }
        return store
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await rows("read the migrations", "SELECT name FROM hark_migrations ORDER BY name").map { try $0.text("name") }
    }

    /// Waits for graceful shutdown, then closes the pool: the store outlives the services that
    /// use it when it comes first in the service group.
    public func run() async throws {
        try? await gracefulShutdown()
        close()
    }

    /// Stops the pool; queries after this fail with `.unavailable`.
    public func close() {
        runner.cancel()
    }

    public func commit(_ batches: [IngestBatch], at now: Date) async throws -> [[IngestReceipt]] {
        let drafts = batches.flatMap { $0.items }
        return try await ingestTransaction("commit a batch", prefetching: PostgresIngestKeys(drafts)) { txn in
            try batches.map { try IngestApplier.apply($0, to: &txn, at: now) }
        }
    }

    public func checkReadable() async throws {
        _ = try await rows("read", "SELECT 1 AS one")
    }

    // MARK: Running statements

    /// Runs `query` and returns its rows, errors classified.
    func rows(_ what: String, _ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        do {
            var result: [PostgresRandomAccessRow] = []
            for try await row in try await client.query(query, logger: logger) { result.append(row.makeRandomAccess()) }
            return result
        } catch {
            throw Self.classify(error, doing: what)
        }
    }

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws),
    /// errors classified. A transaction that lost a race with another instance (a unique key taken
    /// meanwhile, a serialization failure, a deadlock) is run again, up to three times.
    func transaction<T: Sendable>(
        _ what: String, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
                }
            } catch {
                let error = Self.unwrap(error)
                if attempt < 3, Self.isRace(error) { continue }
                throw Self.classify(error, doing: what)
            }
        }
    }

    /// Runs the ingest rules in one transaction over ``PostgresTransaction``: the keys the rules
    /// will read are fetched first, the rules run in memory, and their writes go out in a few
    /// multi-row statements.
    func ingestTransaction<T: Sendable>(
        _ what: String, prefetching keys: PostgresIngestKeys,
        _ body: (inout PostgresTransaction) throws -> T
    ) async throws -> T {
        try await transaction(what) { connection in
            var txn = try await PostgresTransaction.prefetch(keys, on: connection, logger: logger)
            let result = try body(&txn)
            try await txn.flush(on: connection, logger: logger)
            return result
        }
    }

    /// What went wrong in a transaction: postgres-nio wraps the body's (or BEGIN's, COMMIT's) error.
    static func unwrap(_ error: any Error) -> any Error {
        guard let wrapped = error as? PostgresTransactionError else { return error }
        return wrapped.closureError ?? wrapped.commitError ?? wrapped.beginError ?? wrapped.rollbackError ?? error
    }

    /// Errors of a lost race, which a new attempt resolves.
    static func isRace(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server, let state = error.serverInfo?[.sqlState] else {
            return false
        }
        return state == "23505" || state == "40001" || state == "40P01"
    }

    /// Maps PostgreSQL errors: a lost connection, a server shutting down or short of resources, a
    /// race lost three times are temporary (`.unavailable`, answered 503); anything else is a
    /// storage error. Messages carry the SQLSTATE, never the query or its values.
    static func classify(_ error: any Error, doing what: String) -> HarkError {
        if let error = error as? HarkError { return error }
        guard let error = error as? PSQLError else {
            return HarkError(.storage, "the store could not \(what)", cause: error)
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?"
            if let known = PostgresErrorMapping.hark(state: state, doing: what) { return known }
            let temporary = ["08", "53", "57", "40", "55"].contains(String(state.prefix(2)))
            return HarkError(
                temporary ? .unavailable : .storage, "the store could not \(what) (SQLSTATE \(state))", cause: error)
        default:
            return HarkError(.unavailable, "the store could not \(what): no connection to PostgreSQL", cause: error)
        }
    }
}

/// Errors the schema raises on purpose, as the caller should see them.
enum PostgresErrorMapping {
    static func hark(state: String, doing what: String) -> HarkError? {
        switch state {
        case "HK001": HarkError(.conflict, "the audit log is append-only")
        // Every kept text is cleaned of NUL before it gets here; a value that still holds one
        // (an identifier from a request) is the caller's mistake, not a failing store.
        case "22021": HarkError(.invalidInput, "a text value holds a NUL character, which PostgreSQL cannot keep")
        default: nil
        }
    }
}
