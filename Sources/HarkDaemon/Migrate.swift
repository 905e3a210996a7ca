import Foundation
import HarkCore
import HarkStore
import HarkStorePostgres
import HarkStoreSQLite
import Logging

/// `hark migrate`: a whole inbox copied from a SQLite store file into a PostgreSQL database, then
/// verified table by table (counts and checksums).
///
/// The SQLite file is opened read-only and must be a Hark store at this version's schema; the
/// PostgreSQL database is brought to this version's schema first, and must be empty or hold an
/// earlier, interrupted run of the same copy, which is then resumed. Stop the daemon using the
/// SQLite store first (or copy a `hark backup` of it), so that nothing changes during the copy.
public struct StoreMigration: Sendable {
    /// The SQLite store file.
    public var sourcePath: String
    /// The PostgreSQL database (the password read from a file or the environment, never a URL).
    public var target: PostgresStoreConfiguration
    /// Rows per batch, each batch one transaction in PostgreSQL.
    public var batchSize: Int

    public init(sourcePath: String, target: PostgresStoreConfiguration, batchSize: Int = 2000) {
        self.sourcePath = sourcePath
        self.target = target
        self.batchSize = batchSize
    }

    /// A migration into the database `url` names, with `password` read separately.
    /// - Throws: ``HarkError`` `.invalidConfiguration` when the URL is not a PostgreSQL URL.
    public init(sourcePath: String, targetURL url: String, password: String?, batchSize: Int = 2000) throws {
        try self.init(
            sourcePath: sourcePath, target: PostgresStoreConfiguration(url: url, password: password, poolSize: 4),
            batchSize: batchSize)
    }

    /// What a run did and found.
    public struct Outcome: Sendable {
        public var summary: StoreCopySummary
        public var verification: StoreCopyVerification
    }

    /// Copies what earlier runs did not, then verifies every table.
    /// - Parameters:
    ///   - progress: called after each committed batch; an error it throws stops the copy there
    ///     (a later run resumes after that batch).
    ///   - verified: called with each table's comparison as it is known.
    /// - Throws: ``HarkError`` `.invalidInput` when the file is not a Hark store, `.conflict` when
    ///   the database holds data of its own, `.storage`/`.unavailable` when a store fails.
    public func run(
        logger: Logger, progress: (StoreCopyProgress) throws -> Void = { _ in },
        verified: (StoreTableVerification) throws -> Void = { _ in }
    ) async throws -> Outcome {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: sourcePath, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw HarkError(.invalidInput, "no SQLite store file at \(sourcePath)")
        }
        let source = try await SQLiteInboxStore.openCopySource(path: sourcePath)
        defer { try? source.close() }
        let target = try await PostgresInboxStore.open(self.target, logger: logger)
        defer { target.close() }
        let copier = StoreCopier(source: source, target: target, batchSize: batchSize)
        logger.info("copying the inbox", metadata: ["hark.target": "\(self.target.displayName)"])
        let summary = try await copier.copy(progress: progress)
        let verification = try await copier.verify(progress: verified)
        return Outcome(summary: summary, verification: verification)
    }
}
