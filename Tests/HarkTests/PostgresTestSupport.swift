import Foundation
import HarkStorePostgres
import Logging
import Testing

/// The PostgreSQL server the tests use: `HARK_TEST_POSTGRES_URL` names a database on it whose
/// user may create databases (the README's test command starts a throwaway cluster and sets it).
/// Each store a test asks for is a new database, so tests running at once never meet.
enum PostgresTestServer {
    static let url = ProcessInfo.processInfo.environment["HARK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static var isConfigured: Bool { url != nil }

    static let skipMessage = "PostgreSQL suites skipped: no server configured (set HARK_TEST_POSTGRES_URL, as scripts/test.sh does)"

    /// The configuration of a new, empty database on the test server.
    static func freshConfiguration(poolSize: Int = 4) async throws -> PostgresStoreConfiguration {
        guard let url else { try Test.cancel(Comment(rawValue: skipMessage)) }
        let admin = try PostgresStoreConfiguration(url: url, tls: .disable, poolSize: 1)
        let name = "hark_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try await PostgresAdmin.createDatabase(named: String(name), through: admin, logger: logger)
        var configuration = admin
        configuration.database = String(name)
        configuration.poolSize = poolSize
        // The whole suite runs at once: a store may wait for a connection a while.
        configuration.openTimeout = .seconds(180)
        return configuration
    }

    /// A new store on a new, empty database.
    static func freshStore() async throws -> PostgresInboxStore {
        try await PostgresInboxStore.open(try await freshConfiguration(), logger: logger)
    }

    static let logger: Logger = {
        var logger = Logger(label: "hark.test.postgres")
        logger.logLevel = .warning
        return logger
    }()
}
