import Foundation
import HarkCore
import HarkDaemon
import HarkStorePostgres
import Testing

/// `storage.postgres` as interface.md pins it, and the connection settings read from it: every
/// mistake is one line naming the key, and a password never appears inline or in a message.
@Suite struct PostgresConfigTests {
    static func parse(_ storage: String) throws(ConfigurationError) -> HarkConfiguration {
        try HarkConfiguration.parse(yaml: "storage: \(storage)\n", path: "test.yaml")
    }

    static func problems(_ storage: String) -> [String] {
        do {
            _ = try parse(storage)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func aFullEntryIsRead() throws {
        let config = try Self.parse(
            #"{ postgres: { url: "postgres://hark@db.internal:6432/inbox", password_env: "PG_PASSWORD", tls: "verify-full", pool_size: 12, instance: "web-2", lease: "45s" } }"#
        )
        let postgres = try #require(config.storage.postgres)
        #expect(postgres.poolSize == 12 && postgres.tls == .verifyFull && postgres.password == .environment("PG_PASSWORD"))
        #expect(config.storage.instance == "web-2" && config.storage.lease == .seconds(45))
        let settings = try PostgresStoreConfiguration(url: postgres.url, password: "s3cret", tls: postgres.tls)
        #expect(settings.host == "db.internal" && settings.port == 6432 && settings.database == "inbox")
        #expect(settings.username == "hark" && settings.password == "s3cret")
        #expect(!settings.displayName.contains("s3cret"))
    }

    @Test func mistakesAreOneLineEachAndNeverEchoAPassword() {
        let inline = Self.problems(#"{ postgres: { url: "postgres://hark:hunter2@db/inbox" } }"#)
        #expect(inline.count == 1 && inline[0].contains("storage.postgres.url") && !inline[0].contains("hunter2"))
        #expect(Self.problems(#"{ postgres: { url: "mysql://hark@db/inbox" } }"#).first?.contains("postgres://") == true)
        #expect(Self.problems(#"{ postgres: { url: "postgres://hark@db" } }"#).first?.contains("database") == true)
        #expect(Self.problems(#"{ postgres: { url: "postgres://db/inbox" } }"#).first?.contains("user") == true)
        #expect(Self.problems(#"{ postgres: { url: "postgres://hark@db/inbox", tls: "maybe" } }"#).first?.contains("tls") == true)
        #expect(Self.problems(#"{ postgres: { url: "postgres://hark@db/inbox", pool_size: 0 } }"#).count == 1)
        #expect(Self.problems(#"{ postgres: { url: "postgres://hark@db/inbox", lease: "1s" } }"#).first?.contains("lease") == true)
        #expect(Self.problems(#"{ postgres: { url: "postgres://hark@db/inbox", instance: "a\u0007b" } }"#).count == 1)
        #expect(Self.problems(#"{ postgres: { url: "postgres://hark@db/inbox", password_file: "a", password_env: "B" } }"#).count == 1)
        #expect(Self.problems(#"{ postgres: { url: "postgres://hark@db/inbox", colour: "blue" } }"#).count == 1)
        #expect(Self.problems(#"{ postgres: {} }"#).first?.contains("url") == true)
        #expect(Self.problems(#"{ sqlite: "/tmp/x.sqlite", postgres: { url: "postgres://hark@db/inbox" } }"#).count == 1)
        let long = String(repeating: "x", count: 70_000)
        #expect(Self.problems(#"{ postgres: { url: "postgres://hark@db/\#(long)?sslmode=\#(long)" } }"#).count == 1)
    }

    @Test func unixSocketsAndTLSModesFromTheURL() throws {
        let socket = try PostgresStoreConfiguration(url: "postgres://hark@/inbox?host=/run/postgresql")
        #expect(socket.socketDirectory == "/run/postgresql" && socket.displayName == "/run/postgresql/inbox")
        #expect(try PostgresStoreConfiguration(url: "postgresql://hark@db/inbox?sslmode=require").tls == .require)
        #expect(try PostgresStoreConfiguration(url: "postgres://hark@db/inbox?sslmode=require", tls: .disable).tls == .disable)
        #expect(throws: HarkError.self) { try PostgresStoreConfiguration(url: "postgres://hark@db/inbox?sslmode=sometimes") }
    }

    @Test func anUnreachableServerIsAClearStorageError() async throws {
        // Nothing listens on port 1: the store says where it tried, and never the password.
        var settings = try PostgresStoreConfiguration(
            url: "postgres://hark@127.0.0.1:1/inbox", password: "s3cret", tls: .disable, poolSize: 1)
        settings.openTimeout = .seconds(3)
        do {
            _ = try await PostgresInboxStore.open(settings, logger: PostgresTestServer.logger)
            Issue.record("opened a store on a closed port")
        } catch let error as HarkError {
            #expect(error.code == .storage && error.message.contains("127.0.0.1:1/inbox") && !"\(error)".contains("s3cret"))
        }
    }
}
