import Foundation
import HarkCore
import HarkStore
import HarkStorePostgres
import HarkTesting
import Logging
import Synchronization
import Testing

/// Passwords and TLS against the real test server: scripts/postgres-test-server.sh makes members of
/// `hark_password_users` sign in with a password (scram-sha-256) and serves TLS with a certificate
/// from a CA of its own (`HARK_TEST_POSTGRES_CA`).
@Suite(.enabled(if: PostgresTestServer.isConfigured, "\(PostgresTestServer.skipMessage)"))
struct PostgresSecurityTests {
    static let psql = URL(fileURLWithPath: "/usr/bin/psql")
    static let authority = ProcessInfo.processInfo.environment["HARK_TEST_POSTGRES_CA"].flatMap {
        FileManager.default.isReadableFile(atPath: $0) ? $0 : nil
    }

    /// Runs SQL as the test server's administrator.
    @discardableResult
    static func admin(_ sql: String, database: String = "postgres") throws -> String {
        let base = try PostgresStoreConfiguration(url: PostgresTestServer.url!)
        let url = "postgres://\(base.username)@\(base.host):\(base.port)/\(database)?sslmode=disable"
        let result = try CommandResult.run(psql, [url, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard result.status == 0 else { throw TestingError("psql: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A new role that signs in with `password`, and a database it owns.
    static func passwordRole(_ password: String) throws -> PostgresStoreConfiguration {
        let name = "hark_pw_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try admin("CREATE ROLE \(name) LOGIN PASSWORD '\(password)' IN ROLE hark_password_users")
        try admin("CREATE DATABASE \(name) OWNER \(name)")
        let base = try PostgresStoreConfiguration(url: PostgresTestServer.url!)
        var configuration = try PostgresStoreConfiguration(
            url: "postgres://\(name)@\(base.host):\(base.port)/\(name)?sslmode=disable", password: password, poolSize: 2)
        configuration.openTimeout = .seconds(180)
        return configuration
    }

    /// Whether hark's connections to `database` use TLS, as the server sees them (each answer once:
    /// the sign-in check's connection may linger a moment beside the pool's).
    static func usesTLS(_ database: String) throws -> [Bool] {
        try admin(
            """
            SELECT DISTINCT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
            WHERE a.datname = '\(database)' AND a.application_name = 'hark'
            """
        ).split(separator: "\n").map { $0 == "t" }
    }

    @Test func theDaemonSignsInWithAPasswordFromAFile() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.psql.path) else { throw TestingError("psql is missing") }
        let password = "pw-" + UUID().uuidString
        let database = try Self.passwordRole(password)
        let url = "postgres://\(database.username)@\(database.host):\(database.port)/\(database.database)?sslmode=disable"
        let config = TestDaemon.config().replacingOccurrences(
            of: #"storage: { sqlite: { path: "{{DB}}" }, disk_reserve_mib: 0 }"#,
            with: #"storage: { postgres: { url: "\#(url)", password_file: "postgres", pool_size: 2 } }"#)
        let daemon = try TestDaemon(config: config)
        defer { daemon.daemon.kill() }
        try daemon.daemon.writeCredential("postgres", password + "\n")
        try await daemon.start()
        let answer = try await daemon.postForms(TestDaemon.body(id: "p1", text: "The invoice is wrong"), deliveryID: "msg_p1")
        #expect(answer.status == 202)
        let stored = try Self.admin("SELECT count(*) FROM mentions", database: database.database)
        #expect(stored == "1")
        #expect(!daemon.daemon.log().contains(password), "the password never reaches the log")
    }

    @Test func aWrongPasswordIsAClearErrorWithoutThePassword() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.psql.path) else { throw TestingError("psql is missing") }
        var database = try Self.passwordRole("right-" + UUID().uuidString)
        database.password = "wrong-password-7f3a"
        database.openTimeout = .seconds(120)
        let recorder = LogRecorder()
        let logger = Logger(label: "hark.test.postgres") { _ in recorder.handler() }
        let error = await #expect(throws: HarkError.self) {
            try await PostgresInboxStore.open(database, logger: logger).close()
        }
        let text = "\(error.map { String(describing: $0) } ?? "")"
        #expect(text.contains("password authentication failed"), "\(text)")
        #expect(!text.contains("wrong-password-7f3a"))
        // Refused at the first answer, not tried again until the open timeout: a loaded server may
        // make it wait (too many connections) but never retries a refusal. Told by the log, not by
        // how long it took.
        let retries = recorder.messages.filter { $0.contains("waiting for PostgreSQL") }
        #expect(!retries.contains { $0.contains("password") }, "\(retries)")
        #expect(!recorder.messages.contains { $0.contains("wrong-password-7f3a") })
    }

    @Test func tlsModesAreWhatTheySay() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.psql.path) else { throw TestingError("psql is missing") }
        guard let authority = Self.authority else {
            try Test.cancel("no TLS on the test server (HARK_TEST_POSTGRES_CA unset: openssl missing when it started)")
        }
        let fresh = try await PostgresTestServer.freshConfiguration()
        let base = "postgres://\(fresh.username)@127.0.0.1:\(fresh.port)/\(fresh.database)"
        for (query, tls) in [("sslmode=require", true), ("sslmode=disable", false), ("sslmode=prefer", true)] {
            let store = try await PostgresInboxStore.open(
                try PostgresStoreConfiguration(url: "\(base)?\(query)", poolSize: 1), logger: PostgresTestServer.logger)
            try await store.checkReadable()
            #expect(try Self.usesTLS(fresh.database) == [tls], "\(query)")
            store.close()
            try await Self.waitUntilClosed(fresh.database)
        }

        // verify-full checks the certificate: trusted through sslrootcert, refused without it.
        let verified = try await PostgresInboxStore.open(
            try PostgresStoreConfiguration(url: "\(base)?sslmode=verify-full&sslrootcert=\(authority)", poolSize: 1),
            logger: PostgresTestServer.logger)
        try await verified.checkReadable()
        #expect(try Self.usesTLS(fresh.database) == [true])
        verified.close()

        var unknown = try PostgresStoreConfiguration(url: "\(base)?sslmode=verify-full", poolSize: 1)
        unknown.openTimeout = .seconds(60)
        let error = await #expect(throws: HarkError.self) {
            try await PostgresInboxStore.open(unknown, logger: PostgresTestServer.logger).close()
        }
        let text = "\(error.map { String(describing: $0) } ?? "")"
        #expect(text.lowercased().contains("certificate"), "\(text)")

        #expect(throws: HarkError.self) { try PostgresStoreConfiguration(url: "\(base)?sslmode=require&sslrootcert=\(authority)") }
        #expect(throws: HarkError.self) { try PostgresStoreConfiguration(url: "\(base)?sslmode=verify-full&sslrootcert=ca.pem") }
    }

    /// Waits until no hark connection to `database` is left: a closed store's connections end on
    /// the event loops shared by the whole suite, which a full run on two cores can keep busy for
    /// long; the bound only guards against a hang.
    static func waitUntilClosed(_ database: String) async throws {
        let deadline = ContinuousClock.now + .seconds(180)
        while try !usesTLS(database).isEmpty {
            guard ContinuousClock.now < deadline else { throw TestingError("connections to \(database) stay open") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Keeps every log message with its metadata, for tests that check what was (not) logged.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var messages: [String] { lines.withLock { $0 } }

    func handler() -> some LogHandler { Handler(recorder: self) }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let line = "\(event.level) \(event.message) \(merged.map { "\($0)=\($1)" }.sorted().joined(separator: " "))"
            recorder.lines.withLock { $0.append(line) }
        }
    }
}
