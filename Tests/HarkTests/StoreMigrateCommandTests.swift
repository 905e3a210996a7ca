import Foundation
import HarkCore
import HarkStore
import HarkStorePostgres
import HarkStoreSQLite
import HarkTesting
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `hark migrate`: killed (SIGKILL) in the middle of a copy, run again to completion,
/// the verification table printed; a password in the URL refused without echoing it.
@Suite struct StoreMigrateCommandTests {
    /// The URL of `configuration` without its password, which goes through the environment.
    static func url(_ configuration: PostgresStoreConfiguration) -> String {
        "postgres://\(configuration.username)@\(configuration.host):\(configuration.port)/\(configuration.database)?sslmode=disable"
    }

    static func arguments(_ fixture: MigrateFixture, _ target: PostgresStoreConfiguration, batchSize: Int = 2000) -> [String] {
        var arguments = ["migrate", "--from", fixture.path, "--to", url(target), "--batch-size", "\(batchSize)"]
        if target.password != nil { arguments += ["--password-env", "HARK_TEST_MIGRATE_PASSWORD"] }
        return arguments
    }

    static func environment(_ target: PostgresStoreConfiguration) -> [String: String] {
        target.password.map { ["HARK_TEST_MIGRATE_PASSWORD": $0] } ?? [:]
    }

    @Test func theCommandSurvivesKillNineAndPrintsTheVerification() async throws {
        let target = try await PostgresTestServer.freshConfiguration()
        let fixture = try await MigrateFixture.make(filler: 200)
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let binary = try DaemonProcess.binary()

        // One row per transaction, so that the copy is still running when it is killed.
        let log = fixture.directory.appendingPathComponent("first.err")
        let process = Process()
        process.executableURL = binary
        process.arguments = Self.arguments(fixture, target, batchSize: 1)
        process.environment = ProcessInfo.processInfo.environment.merging(Self.environment(target)) { $1 }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var killed = false
        while Date() < deadline, process.isRunning {
            let progress = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if progress.components(separatedBy: "copied ").count > 3 {  // two tenths of the rows or more
                kill(process.processIdentifier, SIGKILL)
                killed = true
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        process.waitUntilExit()
        #expect(killed, "the copy ended before it could be killed")

        let result = try CommandResult.run(binary, Self.arguments(fixture, target), environment: Self.environment(target))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("resumed an earlier run"), "\(result.stderr)")
        #expect(result.stderr.contains("tables verified identical"))
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("table") == true)
        #expect(lines.count == StoreCopyTable.inbox.count + 1)
        #expect(lines.dropFirst().allSatisfy { $0.contains(" ok ") }, "\(result.stdout)")
        #expect(!result.stderr.contains("\r"), "no progress bar when stderr is not a terminal")

        // Checked once more from here: the contents are the same.
        let source = try await SQLiteInboxStore.openCopySource(path: fixture.path)
        defer { try? source.close() }
        let copy = try await PostgresInboxStore.open(target, logger: StoreMigrateTests.logger)
        defer { copy.close() }
        #expect(try await StoreCopier(source: source, target: copy).verify().matches)
        try await fixture.expectSame(source, copy)
    }

    @Test func aPasswordInTheURLIsRefusedWithoutEchoingIt() throws {
        let result = try CommandResult.run(
            try DaemonProcess.binary(),
            ["migrate", "--from", "/nonexistent/hark.sqlite", "--to", "postgres://hark:s3cret-Passw0rd@127.0.0.1:9/inbox"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--password-file or --password-env"), "\(result.stderr)")
        #expect(!(result.stderr + result.stdout).contains("s3cret-Passw0rd"))
    }

    @Test func aMissingSourceIsAUserError() throws {
        let result = try CommandResult.run(
            try DaemonProcess.binary(), ["migrate", "--from", "/nonexistent/hark.sqlite", "--to", "postgres://hark@127.0.0.1:9/inbox"])
        #expect(result.status == 1)
        #expect(result.stderr == "hark: no SQLite store file at /nonexistent/hark.sqlite\n")
    }
}
