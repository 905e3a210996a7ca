import Foundation
import HarkCore
import HarkStore
import HarkStorePostgres
import HarkStoreSQLite
import Logging

/// The store a configuration names, open: SQLite (the embedded default) or the PostgreSQL store
/// several instances share (`storage.postgres`).
public struct OpenedStore: Sendable {
    public let store: any InboxStore
    let sqlite: SQLiteInboxStore?
    let postgres: PostgresInboxStore?

    /// `sqlite` or `postgres`, for logs and messages.
    public var kind: String { postgres == nil ? "sqlite" : "postgres" }

    /// Opens (and migrates) the store of `config`.
    /// - Throws: ``HarkError`` `.invalidConfiguration` when the PostgreSQL password cannot be read,
    ///   `.storage` when the store cannot be opened.
    public static func open(_ config: HarkConfiguration, readonly: Bool = false, logger: Logger) async throws -> OpenedStore {
        guard let postgres = config.storage.postgres else {
            let sqlite = try SQLiteInboxStore(Daemon.storeConfiguration(config, readonly: readonly))
            return OpenedStore(store: sqlite, sqlite: sqlite, postgres: nil)
        }
        let store = try await PostgresInboxStore.open(try postgresConfiguration(postgres, config: config), logger: logger)
        return OpenedStore(store: store, sqlite: nil, postgres: store)
    }

    /// The connection settings of `storage.postgres`, with the password read.
    static func postgresConfiguration(
        _ postgres: HarkConfiguration.Postgres, config: HarkConfiguration
    ) throws -> PostgresStoreConfiguration {
        var password: String?
        if let reference = postgres.password {
            do {
                password = try reference.load(configDirectory: config.directory)
            } catch {
                throw HarkError(.invalidConfiguration, "storage.postgres: \(error.message)")
            }
        }
        return try PostgresStoreConfiguration(
            url: postgres.url, password: password, tls: postgres.tls, poolSize: postgres.poolSize)
    }

    /// Closes the store (SQLite's files, PostgreSQL's connections).
    public func close() {
        try? sqlite?.close()
        postgres?.close()
    }
}
