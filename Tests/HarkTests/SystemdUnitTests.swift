// Tests for systemd/hark.service (spec/reliability.md §3.5, S1 and S3):
// the unit lints clean with `systemd-analyze verify`, and its sandbox scores an
// overall exposure of at most 1.5 with `systemd-analyze security --offline=true`.
//
// Both commands need the ExecStart binary to exist, so they run on a copy of
// the unit in a temporary directory whose ExecStart points at the built `hark`.

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SystemdUnitTests {
    /// The highest overall exposure the unit may score (spec/reliability.md, S1).
    static let maximumExposure = 1.5
    /// The ExecStart path in the shipped unit, replaced by the built binary in the copy.
    static let installedBinary = "/usr/local/bin/hark"

    @Test func unitDeclaresLifecycleIdentityAndSecrets() throws {
        let unit = try Self.shippedUnit()
        let settings = Self.settings(of: unit)
        func values(_ key: String) -> [String] {
            settings.filter { $0.key == key }.map(\.value)
        }

        #expect(values("Type") == ["notify"])
        #expect(values("NotifyAccess") == ["main"])
        #expect(values("WatchdogSec").count == 1, "the unit must set WatchdogSec=")
        #expect(values("Restart") == ["on-failure"])
        #expect(values("DynamicUser") == ["yes"])
        #expect(values("StateDirectory") == ["hark"])
        #expect(values("ConfigurationDirectory") == ["hark"])
        #expect(values("CapabilityBoundingSet") == [""], "the bounding set must be empty")
        #expect(values("ExecStart").first?.hasPrefix(Self.installedBinary + " serve") == true)

        let credentials = values("LoadCredential")
        #expect(!credentials.isEmpty, "secrets must come through LoadCredential=")
        for credential in credentials {
            let parts = credential.split(separator: ":", maxSplits: 1).map(String.init)
            #expect(parts.count == 2 && parts[1].hasPrefix("/etc/hark/credentials/"),
                    "LoadCredential=\(credential) should read from /etc/hark/credentials/")
        }
    }

    @Test func unitPassesSystemdAnalyzeVerify() async throws {
        let analyze = try Self.systemdAnalyze()
        let copy = try Self.unitCopyWithBuiltBinary()
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }

        let result = try await runUnitCheckProcess(analyze, ["verify", copy.path])
        let problems = result.output
            .split(whereSeparator: \.isNewline)
            .filter { $0.contains("hark.service") }
        #expect(result.status == 0, "systemd-analyze verify exited \(result.status):\n\(result.output)")
        #expect(problems.isEmpty, "systemd-analyze verify reported:\n\(problems.joined(separator: "\n"))")
    }

    @Test func unitExposureIsAtMostOnePointFive() async throws {
        let analyze = try Self.systemdAnalyze()
        let copy = try Self.unitCopyWithBuiltBinary()
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }

        let result = try await runUnitCheckProcess(
            analyze, ["security", "--offline=true", "--no-pager", copy.path])
        #expect(result.status == 0, "systemd-analyze security exited \(result.status):\n\(result.output)")

        let exposure = try #require(
            Self.overallExposure(in: result.output),
            "no 'Overall exposure level for hark.service: X.Y' line in:\n\(result.output)")
        #expect(exposure <= Self.maximumExposure,
                "exposure \(exposure) is above \(Self.maximumExposure):\n\(result.output)")
    }

    // MARK: - Locating things

    /// The repository root: three levels above this file (Tests/HarkTests/<file>).
    static func repositoryRoot() -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // HarkTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
    }

    static func shippedUnit() throws -> String {
        let url = repositoryRoot().appendingPathComponent("systemd/hark.service")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The `systemd-analyze` executable, or a failure that says how to install it.
    static func systemdAnalyze() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        for directory in directories where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent("systemd-analyze")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw SystemdUnitTestError(
            "systemd-analyze is not installed (searched PATH, /usr/bin, /bin); "
                + "install the Debian package `systemd`: apt-get install systemd")
    }

    /// The built `hark` executable: next to the running test bundle first (same
    /// build configuration), then the usual SwiftPM output folders, newest first.
    static func builtHarkBinary() throws -> URL {
        let fileManager = FileManager.default
        var candidates: [URL] = []

        let testExecutable = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
            .resolvingSymlinksInPath()
        var directory = testExecutable.deletingLastPathComponent()
        // Bundles (e.g. hark-packageTests.xctest/...) sit inside the build folder.
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("hark"))
            directory = directory.deletingLastPathComponent()
        }
        if let bundleDirectory = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundleDirectory.appendingPathComponent("hark"))
        }

        let build = repositoryRoot().appendingPathComponent(".build")
        var fallbacks = [
            build.appendingPathComponent("debug/hark"),
            build.appendingPathComponent("release/hark"),
        ]
        let triples = (try? fileManager.contentsOfDirectory(atPath: build.path)) ?? []
        for triple in triples.sorted() {
            for configuration in ["debug", "release"] {
                fallbacks.append(build.appendingPathComponent("\(triple)/\(configuration)/hark"))
            }
        }
        func modified(_ url: URL) -> Date {
            let attributes = try? fileManager.attributesOfItem(atPath: url.path)
            return attributes?[.modificationDate] as? Date ?? .distantPast
        }
        candidates += fallbacks.sorted { modified($0) > modified($1) }

        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
               !isDirectory.boolValue,
               fileManager.isExecutableFile(atPath: candidate.path) {
                return candidate.resolvingSymlinksInPath()
            }
        }
        throw SystemdUnitTestError("""
            the built `hark` executable was not found (looked next to \(testExecutable.path) \
            and in \(build.path)/{debug,release,<triple>/debug,<triple>/release}); \
            run `swift build` first
            """)
    }

    /// Copies the unit into a fresh temporary directory as `hark.service` (verify
    /// derives the unit name from the file name), with ExecStart on the built binary.
    static func unitCopyWithBuiltBinary() throws -> URL {
        let binary = try builtHarkBinary()
        let quoted = binary.path.contains(" ") ? "\"\(binary.path)\"" : binary.path
        var replaced = false
        let lines = try shippedUnit().components(separatedBy: "\n").map { line -> String in
            guard line.hasPrefix("ExecStart=") else { return line }
            replaced = true
            return line.replacingOccurrences(of: installedBinary, with: quoted)
        }
        guard replaced else {
            throw SystemdUnitTestError("systemd/hark.service has no ExecStart= line")
        }

        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hark-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let copy = directory.appendingPathComponent("hark.service")
        try lines.joined(separator: "\n").write(to: copy, atomically: true, encoding: .utf8)
        return copy
    }

    // MARK: - Parsing

    /// `Key=Value` settings in file order, without comments, blank lines or sections.
    static func settings(of unit: String) -> [(key: String, value: String)] {
        unit.split(whereSeparator: \.isNewline).compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix(";"), !line.hasPrefix("["),
                  let equals = line.firstIndex(of: "=") else { return nil }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            return (key, value)
        }
    }

    /// The X.Y of "Overall exposure level for hark.service: X.Y OK".
    static func overallExposure(in output: String) -> Double? {
        let marker = "Overall exposure level for hark.service:"
        for line in output.split(whereSeparator: \.isNewline) {
            guard let range = line.range(of: marker) else { continue }
            let number = line[range.upperBound...]
                .trimmingCharacters(in: .whitespaces)
                .prefix { $0.isNumber || $0 == "." }
            return Double(number)
        }
        return nil
    }
}

/// A failure with a message meant for whoever reads the test log.
private struct SystemdUnitTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `executable` with `arguments`, returning its exit status and its
/// combined stdout and stderr. Output goes to a temporary file (no pipe to
/// fill up). After `timeout` the process gets SIGTERM, SIGKILL 2 s later, and
/// the call throws.
private func runUnitCheckProcess(
    _ executable: URL,
    _ arguments: [String],
    timeout: Duration = .seconds(240)
) async throws -> (status: Int32, output: String) {
    let outputURL = FileManager.default.temporaryDirectory
        .appendingPathComponent("hark-process-\(UUID().uuidString).log")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outputURL) }
    let output = try FileHandle(forWritingTo: outputURL)
    defer { try? output.close() }

    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = output
    var environment = ProcessInfo.processInfo.environment
    environment["SYSTEMD_PAGER"] = "cat"
    environment["SYSTEMD_COLORS"] = "0"
    environment["SYSTEMD_LOG_COLOR"] = "0"
    environment["LC_ALL"] = "C.UTF-8"
    process.environment = environment
    try process.run()

    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    var timedOut = false
    while process.isRunning {
        if clock.now >= deadline {
            timedOut = true
            break
        }
        try? await Task.sleep(for: .milliseconds(20))
    }
    if timedOut {
        process.terminate()
        // Give SIGTERM 2 s, then SIGKILL and 5 s more. SIGTERM alone is not
        // enough: a child spawned from a Swift concurrency thread inherits its
        // signal mask, which blocks SIGTERM. Never block on waitUntilExit here
        // either: a grandchild holding the process's descriptors keeps
        // Foundation from noticing the exit.
        var graceEnd = clock.now.advanced(by: .seconds(2))
        while process.isRunning && clock.now < graceEnd {
            try? await Task.sleep(for: .milliseconds(50))
        }
        #if canImport(Glibc)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        #endif
        graceEnd = clock.now.advanced(by: .seconds(5))
        while process.isRunning && clock.now < graceEnd {
            try? await Task.sleep(for: .milliseconds(50))
        }
    } else {
        process.waitUntilExit()
    }

    let text = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
    let commandLine = ([executable.path] + arguments).joined(separator: " ")
    if timedOut {
        throw SystemdUnitTestError("`\(commandLine)` timed out after \(timeout) and was terminated:\n\(text)")
    }
    return (process.terminationStatus, text)
}
