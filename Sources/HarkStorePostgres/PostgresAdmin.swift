import Foundation
import HarkCore
import Logging
import PostgresNIO

/// Server-level chores outside one store: making a database for a new inbox (and for tests).
public enum PostgresAdmin {
    /// Creates database `name` (letters, digits and `_` only) through `configuration`'s server,
    /// unless it exists.
    public static func createDatabase(
        named name: String, through configuration: PostgresStoreConfiguration, logger: Logger
    ) async throws {
        guard !name.isEmpty, name.count <= 63, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else {
            throw HarkError(.invalidInput, "a database name is 1 to 63 ASCII letters, digits and underscores")
        }
        var admin = configuration
        admin.poolSize = 1
        let client = PostgresClient(configuration: try admin.clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let exists = try await client.query("SELECT 1 AS one FROM pg_database WHERE datname = \(name)", logger: logger)
                .collect().isEmpty == false
            if !exists {
                // A name cannot be a bind value; it was checked above.
                try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            }
        }
    }
}
