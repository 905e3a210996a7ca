import ArgumentParser
import Foundation
import HarkCore
import HarkDaemon
import HarkStore
import Logging

/// `hark migrate --from SQLITE_PATH --to POSTGRES_URL`: copy an inbox into PostgreSQL.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a whole inbox from a SQLite store file into a PostgreSQL database, and verify the copy.",
        discussion: """
            Stop the daemon using the SQLite store first (or copy a `hark backup` of it). The
            PostgreSQL database must be empty, or hold an interrupted run of this copy: running the
            command again resumes after the last batch committed. Every table is then compared on
            both sides (row counts and SHA-256 checksums); the exit status is 1 when any differs.
            The password comes from --password-file or --password-env, never from the URL.
            """)

    @Option(help: "The SQLite store file to copy from (opened read-only).") var from: String
    @Option(help: "The PostgreSQL database to copy into: postgres://USER@HOST[:PORT]/DATABASE[?sslmode=...].")
    var to: String
    @Option(help: "A file holding the PostgreSQL password.") var passwordFile: String?
    @Option(help: "An environment variable holding the PostgreSQL password.") var passwordEnv: String?
    @Option(help: "Rows per batch (one PostgreSQL transaction each).") var batchSize = 2000

    func validate() throws {
        if URLComponents(string: to)?.password != nil {
            throw ValidationError("the URL must not hold the password: use --password-file or --password-env")
        }
        if passwordFile != nil, passwordEnv != nil {
            throw ValidationError("give --password-file or --password-env, not both")
        }
        guard (1...50_000).contains(batchSize) else { throw ValidationError("--batch-size must be 1 to 50000") }
    }

    func run() async throws {
        var password: String?
        if let reference = passwordFile.map(SecretReference.file) ?? passwordEnv.map(SecretReference.environment) {
            do {
                password = try reference.load(configDirectory: FileManager.default.currentDirectoryPath)
            } catch {
                throw HarkError(.invalidConfiguration, "the PostgreSQL password: \(error.message)")
            }
        }
        var logger = Logger(label: "hark")
        logger.logLevel = .warning
        let meter = ProgressMeter(terminal: isatty(STDERR_FILENO) == 1)
        let migration = try StoreMigration(sourcePath: from, targetURL: to, password: password, batchSize: batchSize)
        let outcome = try await migration.run(logger: logger, progress: { progress in
                meter.update(
                    done: progress.copied, total: progress.total,
                    text: "copied \(progress.copied)/\(progress.total) rows (\(progress.table))")
            })
        meter.finish()
        print(Self.table(outcome.verification))
        let summary = outcome.summary
        var line = "hark: copied \(summary.rowsCopied) rows in \(summary.batches) batches"
        if summary.resumed { line += " (resumed an earlier run)" }
        let differing = outcome.verification.tables.filter { !$0.matches }
        if differing.isEmpty {
            line += "; all \(outcome.verification.tables.count) tables verified identical"
        } else {
            line += "; \(differing.count) tables differ: \(differing.map(\.table).joined(separator: ", "))"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
        if !differing.isEmpty { throw ExitCode(1) }
    }

    /// The verification as a table: rows on each side and whether the checksums agree.
    static func table(_ verification: StoreCopyVerification) -> String {
        let width = max(5, verification.tables.map(\.table.count).max() ?? 0)
        func pad(_ text: String, _ count: Int, left: Bool = false) -> String {
            let padding = String(repeating: " ", count: max(0, count - text.count))
            return left ? padding + text : text + padding
        }
        var lines = [pad("table", width) + "  " + pad("sqlite", 9, left: true) + "  " + pad("postgres", 9, left: true) + "  checksum"]
        for table in verification.tables {
            let verdict = table.matches ? "ok \(table.target.digest.prefix(16))" : "DIFFERENT"
            lines.append(
                pad(table.table, width) + "  " + pad("\(table.source.rows)", 9, left: true) + "  "
                    + pad("\(table.target.rows)", 9, left: true) + "  " + verdict)
        }
        return lines.joined(separator: "\n")
    }
}
