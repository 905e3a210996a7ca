import Foundation
import HarkTesting
import Testing

/// The `hark` command line (spec/interface.md, "Command line") against a running daemon's
/// configuration: the commands open the store directly, beside the daemon.
@Suite struct CommandLineTests {
    /// Every secret value of the standard test configuration.
    static let secrets = [TestDaemon.formsSecret, "old-github-secret", "new-github-secret"] + Array(TestDaemon.tokens.values)

    /// Runs `hark ARGS --config <the daemon's config>`.
    static func hark(_ d: TestDaemon, _ arguments: [String]) throws -> CommandResult {
        try d.daemon.command(arguments + ["--config", d.daemon.configPath])
    }

    /// Runs `hark ARGS` as is, with no daemon involved.
    static func hark(_ arguments: [String], credentials: URL? = nil) throws -> CommandResult {
        var environment: [String: String] = [:]
        if let credentials { environment["CREDENTIALS_DIRECTORY"] = credentials.path }
        return try CommandResult.run(try DaemonProcess.binary(), arguments, environment: environment, timeout: 60)
    }

    static func post(_ d: TestDaemon, _ object: [String: Any], delivery: String) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let response = try await d.postForms(body, deliveryID: delivery)
        #expect(response.status == 202, "\(response.status) \(response.text)")
        return try #require(response.json["id"] as? String)
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    // MARK: check-config and usage

    @Test func checkConfigSummarisesTheRunningConfigWithoutSecrets() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let result = try Self.hark(d, ["check-config"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("valid"))
        for source in ["forms", "gh", "open"] { #expect(result.stdout.contains("source \(source)"), "\(source)") }
        #expect(result.stdout.contains("tokens:"))
        for secret in Self.secrets {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "a secret is printed")
        }
        try await d.daemon.stop()
    }

    @Test func checkConfigListsEveryProblemOnItsOwnLine() throws {
        let directory = try Fixtures.temporaryDirectory("hark-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("hark.yaml").path
        try Data(
            """
            server: { listen: "not-an-address", hooks_listen: "0.0.0.0:8443" }
            storage: { sqlite: "\(directory.path)/hark.sqlite" }
            colour: "blue"
            sources:
              - { id: "forms", kind: "webhook", scheme: "standard-webhooks" }
              - { id: "open", kind: "webhook", scheme: "none" }
            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        let result = try Self.hark(["check-config", "--config", path], credentials: directory)
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        let problems = Self.lines(result.stderr)
        // One line per problem, each naming its key.
        let keys = ["server.listen", "colour", "sources[0]", "sources[1].scheme"]
        #expect(problems.count == keys.count, "\(problems)")
        for key in keys {
            #expect(problems.filter { $0.contains(key) }.count >= 1, "no line names \(key): \(problems)")
        }
        #expect(problems.contains { $0.contains("sources[0]") && $0.contains("secret") })
        #expect(problems.contains { $0.contains("sources[1].scheme") && $0.contains("loopback") })
        #expect(!result.stdout.contains("valid"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory.path)/hark.sqlite"), "check-config must not create the store")
    }

    @Test func checkConfigOnAMissingFileIsAUserError() throws {
        let path = "/nonexistent-\(UUID().uuidString)/hark.yaml"
        let result = try Self.hark(["check-config", "--config", path])
        #expect(result.status == 1)
        #expect(Self.lines(result.stderr).count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(path))
    }

    @Test func usageErrorsExitWith2() throws {
        for arguments in [
            ["frobnicate"], ["inbox", "frobnicate"], ["export"], ["export", "--format", "xml"],
            ["quarantine", "frobnicate"], ["erase"], ["erase", "--address", "a@example.no", "--handle", "a"],
            ["check-config", "--no-such-flag"],
        ] {
            let result = try Self.hark(arguments)
            #expect(result.status == 2, "hark \(arguments.joined(separator: " ")): \(result.status) \(result.stderr)")
            #expect(!result.stderr.isEmpty, "hark \(arguments.joined(separator: " ")) explains itself")
        }
        let erase = try Self.hark(["erase"])
        #expect(erase.stderr.contains("--address"), "\(erase.stderr)")
    }

    @Test func helpOnEveryCommandSucceeds() throws {
        // `--help` on each command (spec/interface.md) prints help on stdout and exits 0.
        for arguments in [["--help"], ["help"], ["inbox", "--help"], ["erase", "--help"], ["export", "--help"]] {
            let help = try Self.hark(arguments)
            #expect(help.status == 0, "hark \(arguments.joined(separator: " ")): \(help.status) \(help.stderr)")
            #expect(help.stdout.contains("USAGE") || help.stdout.contains("Usage"), "hark \(arguments.joined(separator: " "))")
        }
    }

    // MARK: inbox

    @Test func inboxListAndShow() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await Self.post(
            d, ["id": "i1", "title": "Never again", "text": "The parcel is late again",
                "author": ["name": "Kari", "email": "kari@example.no"]], delivery: "msg_i1")
        let other = try await Self.post(d, ["id": "i2", "text": "Second \u{1B}[31mred\u{1B}[0m one"], delivery: "msg_i2")

        let table = try Self.hark(d, ["inbox", "list"])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = Self.lines(table.stdout)
        #expect(rows.first?.hasPrefix("ID") == true, "\(table.stdout)")
        #expect(rows.count == 3)
        #expect(rows.contains { $0.contains(id) && $0.contains("Never again") && $0.contains("forms") })
        #expect(rows.contains { $0.contains(other) })
        #expect(!table.stdout.contains("\u{1B}"), "terminal escapes reach the table")

        let json = try Self.hark(d, ["inbox", "list", "--json"])
        #expect(json.status == 0)
        let objects = try Self.lines(json.stdout).map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "not JSON: \($0)")
        }
        #expect(objects.count == 2)
        #expect(objects.compactMap { $0["id"] as? String } == [other, id], "newest first")

        let filtered = try Self.hark(d, ["inbox", "list", "--json", "--q", "parcel"])
        #expect(Self.lines(filtered.stdout).count == 1)

        let show = try Self.hark(d, ["inbox", "show", id])
        #expect(show.status == 0, "\(show.stderr)")
        let mention = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(mention["id"] as? String == id)
        #expect(mention["text"] as? String == "The parcel is late again")
        #expect(mention["title"] as? String == "Never again")
        #expect(mention["source"] as? String == "forms")
        #expect((mention["author"] as? [String: Any])?["address"] as? String == "kari@example.no")

        let missing = try Self.hark(d, ["inbox", "show", "0193a5b2-7c1e-7d3a-9f10-2b6c8e4d1a7f"])
        #expect(missing.status == 1, "\(missing.stderr)")
        #expect(Self.lines(missing.stderr).count == 1)
        try await d.daemon.stop()
    }

    @Test func badArgumentValuesAreUserErrorsNotInternalOnes() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        // Bad input is exit 1 (or 2, usage), with one line on stderr; never an internal failure (70+).
        for arguments in [
            ["inbox", "show", "not-an-id"], ["inbox", "list", "--status", "bogus"], ["inbox", "list", "--since", "yesterday"],
            ["export", "--format", "csv", "--source", "../etc"], ["export", "--format", "jsonl", "--channel", "fax"],
        ] {
            let result = try Self.hark(d, arguments)
            let label = "hark \(arguments.joined(separator: " "))"
            #expect(result.status == 1 || result.status == 2, "\(label): \(result.status) \(result.stderr)")
            #expect(!result.stderr.isEmpty, "\(label)")
            #expect(result.stdout.isEmpty || arguments.first == "export", "\(label)")
        }
        try await d.daemon.stop()
    }

    // MARK: export

    /// RFC 4180: fields separated by commas, records by CRLF or LF, quoted fields may hold both and
    /// double their quotes.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if quoted {
                if character == "\"" {
                    if index < text.endIndex, text[index] == "\"" {
                        field.append("\"")
                        index = text.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\n", "\r\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    @Test func exportCSVNeutralisesFormulasAndQuotes() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let formula = try await Self.post(
            d, ["id": "c1", "text": "=HYPERLINK(\"http://x\")", "title": "@SUM(1)",
                "author": ["name": "+Kari", "email": "kari@example.no"]], delivery: "msg_c1")
        let quoted = try await Self.post(
            d, ["id": "c2", "text": "late, again\nreally \"late\"", "title": "-2+3"], delivery: "msg_c2")
        let plain = try await Self.post(d, ["id": "c3", "text": "Just text", "title": "Plain"], delivery: "msg_c3")

        let result = try Self.hark(d, ["export", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = Self.parseCSV(result.stdout)
        let header = try #require(records.first)
        #expect(header.first == "id")
        #expect(records.count == 4, "header and three mentions: \(records)")
        for record in records { #expect(record.count == header.count, "ragged row: \(record)") }
        func row(_ id: String) throws -> [String: String] {
            let record = try #require(records.first { $0.first == id }, "no row for \(id)")
            return Dictionary(uniqueKeysWithValues: zip(header, record))
        }
        let first = try row(formula)
        #expect(first["text"] == "'=HYPERLINK(\"http://x\")")
        #expect(first["text"]?.hasPrefix("'=") == true)
        #expect(first["title"] == "'@SUM(1)")
        #expect(first["author_name"] == "'+Kari")
        #expect(first["author_address"] == "kari@example.no")
        let second = try row(quoted)
        #expect(second["text"] == "late, again\nreally \"late\"")
        #expect(second["title"] == "'-2+3")
        #expect(try row(plain)["text"] == "Just text")
        // The raw bytes: the cell holding a comma, a line break and quotes is quoted, quotes doubled.
        #expect(result.stdout.contains("\"late, again\nreally \"\"late\"\"\""))
        #expect(result.stdout.contains("\"'=HYPERLINK(\"\"http://x\"\")\""))
        // No cell starts with a bare formula character.
        for record in records.dropFirst() {
            for cell in record {
                if let first = cell.first { #expect(!"=+-@\t\r".contains(first), "unneutralised cell \(cell.debugDescription)") }
            }
        }
        try await d.daemon.stop()
    }

    @Test func exportJSONLinesPrintsOneLinePerMention() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        var ids: [String] = []
        for index in 0..<5 {
            ids.append(try await Self.post(d, ["id": "j\(index)", "text": "line one\nline two \(index)"], delivery: "msg_j\(index)"))
        }
        let result = try Self.hark(d, ["export", "--format", "jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = Self.lines(result.stdout)
        #expect(lines.count == 5)
        let exported = try lines.map { line -> String in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect((object["text"] as? String)?.contains("\n") == true)
            return try #require(object["id"] as? String)
        }
        #expect(Set(exported) == Set(ids))
        let filtered = try Self.hark(d, ["export", "--format", "jsonl", "--source", "gh"])
        #expect(filtered.status == 0)
        #expect(filtered.stdout.isEmpty)
        try await d.daemon.stop()
    }

    // MARK: backup

    @Test func backupWritesAConsistentCopyAndRefusesToOverwrite() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        for index in 0..<3 {
            _ = try await Self.post(d, ["id": "b\(index)", "text": "backup \(index)"], delivery: "msg_b\(index)")
        }
        let directory = try Fixtures.temporaryDirectory("hark-backup")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("copy.sqlite").path
        let result = try Self.hark(d, ["backup", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: path))
        let sqlite3 = URL(fileURLWithPath: "/usr/bin/sqlite3")
        if FileManager.default.isExecutableFile(atPath: sqlite3.path) {
            let check = try CommandResult.run(sqlite3, [path, "PRAGMA integrity_check"], timeout: 30)
            #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(check.stdout) \(check.stderr)")
            let count = try CommandResult.run(sqlite3, [path, "SELECT count(*) FROM mentions"], timeout: 30)
            #expect(Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == (try d.mentionCount()))
        }
        // The copy is a usable store: the CLI reads it through a configuration pointing at it.
        let copyConfig = directory.appendingPathComponent("copy.yaml").path
        try Data("storage: { sqlite: \"\(path)\" }\n".utf8).write(to: URL(fileURLWithPath: copyConfig))
        let exported = try Self.hark(["export", "--format", "jsonl", "--config", copyConfig])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(Self.lines(exported.stdout).count == 3)

        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let again = try Self.hark(d, ["backup", path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("exists"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "an existing file was changed")
        try await d.daemon.stop()
    }

    // MARK: quarantine

    @Test func quarantineListShowAndRetry() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let empty = try Self.hark(d, ["quarantine", "list"])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("no quarantine records"))

        let response = try await d.postForms(Data("{not json".utf8), deliveryID: "msg_q1")
        #expect(response.status == 202, "\(response.text)")
        let quarantined = try #require(response.json["quarantined"] as? String, "\(response.text)")

        let list = try Self.hark(d, ["quarantine", "list"])
        #expect(list.status == 0)
        #expect(Self.lines(list.stdout).count == 1)
        #expect(list.stdout.contains(quarantined))
        #expect(list.stdout.contains("forms"))

        let show = try Self.hark(d, ["quarantine", "show", quarantined])
        #expect(show.status == 0, "\(show.stderr)")
        let reason = try #require(Self.lines(show.stdout).first { $0.hasPrefix("reason:") }, "\(show.stdout)")
        #expect(reason.dropFirst("reason:".count).trimmingCharacters(in: .whitespaces).isEmpty == false)
        #expect(show.stdout.contains(quarantined))
        let raw = try Self.hark(d, ["quarantine", "show", quarantined, "--raw"])
        #expect(raw.stdout == "{not json")

        let retry = try Self.hark(d, ["quarantine", "retry", quarantined])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("still unparsable"), "\(retry.stdout)")
        #expect(retry.stdout.contains("0 of 1 resolved"))
        #expect(try d.mentionCount() == 0)

        let missing = try Self.hark(d, ["quarantine", "show", "no-such-record"])
        #expect(missing.status == 1, "\(missing.stderr)")
        try await d.daemon.stop()
    }

    // MARK: erase

    @Test func eraseByAddressRemovesThePersonsMentions() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let id = try await Self.post(
            d, ["id": "e1", "text": "Forget me", "author": ["name": "Kari", "email": "kari@example.no"]], delivery: "msg_e1")
        let keep = try await Self.post(
            d, ["id": "e2", "text": "Keep me", "author": ["name": "Ola", "email": "ola@example.no"]], delivery: "msg_e2")

        let erase = try Self.hark(d, ["erase", "--address", "kari@example.no"])
        #expect(erase.status == 0, "\(erase.stderr)")
        #expect(erase.stdout.contains("erased 1 mentions"), "\(erase.stdout)")
        #expect(try Self.hark(d, ["inbox", "show", id]).status == 1)
        #expect(try await d.api("GET", "/api/v1/mentions/\(id)").status == 404)
        #expect(try await d.api("GET", "/api/v1/mentions/\(keep)").status == 200)
        let export = try Self.hark(d, ["export", "--format", "jsonl"])
        #expect(!export.stdout.contains("kari@example.no"))
        #expect(Self.lines(export.stdout).count == 1)

        // Erasing again finds nothing, and is not an error.
        let again = try Self.hark(d, ["erase", "--address", "kari@example.no"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("erased 0 mentions"))
        try await d.daemon.stop()
    }
}
