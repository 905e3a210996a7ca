import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The real `hark` binary, started on a loopback port with a temporary SQLite file, for tests.
///
/// Everything it starts it ends by PID (`stop()`, `kill()`, or `deinit`).
public final class DaemonProcess: @unchecked Sendable {
    public let directory: URL
    /// The port of `{{PORT}}`; chosen again if another process took it before the daemon bound it.
    public private(set) var port: Int
    public let configPath: String
    public let databasePath: String
    public let credentialsDirectory: URL
    public private(set) var process: SpawnedProcess?
    public let logPath: String
    private var extraEnvironment: [String: String]

    /// Prepares a directory with `hark.yaml` made from `config` (use `{{PORT}}` and `{{DB}}`
    /// placeholders) and credential files.
    public init(config: String, credentials: [String: String], environment: [String: String] = [:]) throws {
        directory = try Fixtures.temporaryDirectory("hark-daemon")
        port = try Self.freePort()
        databasePath = directory.appendingPathComponent("hark.sqlite").path
        configPath = directory.appendingPathComponent("hark.yaml").path
        logPath = directory.appendingPathComponent("hark.log").path
        credentialsDirectory = directory.appendingPathComponent("credentials")
        extraEnvironment = environment
        try FileManager.default.createDirectory(at: credentialsDirectory, withIntermediateDirectories: true)
        for (name, value) in credentials {
            try Data(value.utf8).write(to: credentialsDirectory.appendingPathComponent(name))
        }
        try writeConfig(config)
    }

    /// The configuration as last written, with its placeholders.
    private var configTemplate = ""

    /// Rewrites the configuration file (for reload tests).
    public func writeConfig(_ config: String) throws {
        configTemplate = config
        let text = config.replacingOccurrences(of: "{{PORT}}", with: String(port))
            .replacingOccurrences(of: "{{DB}}", with: databasePath)
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    public func writeCredential(_ name: String, _ value: String) throws {
        try Data(value.utf8).write(to: credentialsDirectory.appendingPathComponent(name))
    }

    deinit {
        process?.terminate(signal: SIGKILL, grace: .zero)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The built `hark` executable next to the test bundle.
    public static func binary(file: StaticString = #filePath) throws -> URL {
        var url = URL(fileURLWithPath: "\(file)")
        while url.path != "/" {
            url.deleteLastPathComponent()
            for configuration in ["debug", "release"] {
                let candidate = url.appendingPathComponent(".build/\(configuration)/hark")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        throw TestingError("the hark binary is not built: run `swift build` first")
    }

    /// Starts the daemon and waits until `/healthz` answers. Ports are handed out once per test
    /// process, but another program (a browser driver, a mail server) may take one between the
    /// choice and the daemon's bind: then a new port is chosen and the start tried again (at most
    /// three times).
    public func start(arguments: [String]? = nil, environment: [String: String] = [:]) async throws {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await startOnce(arguments: arguments, environment: environment)
            } catch let error as TestingError
                where attempt < 3 && error.description.contains("Address already in use")
                && configTemplate.contains("{{PORT}}")
            {
                port = try Self.freePort()
                try writeConfig(configTemplate)
                try Data().write(to: URL(fileURLWithPath: logPath))
            }
        }
    }

    private func startOnce(arguments: [String]?, environment: [String: String]) async throws {
        var env = ProcessInfo.processInfo.environment
        env["CREDENTIALS_DIRECTORY"] = credentialsDirectory.path
        for (key, value) in extraEnvironment.merging(environment, uniquingKeysWith: { $1 }) { env[key] = value }
        // posix_spawn and waitpid by PID: Foundation's Process sometimes never reaps an exited
        // daemon under load (seen: a zombie while `isRunning` stayed true for 20 s).
        let process = try SpawnedProcess(
            try Self.binary().path, arguments ?? ["serve", "--config", configPath], stdoutPath: logPath,
            stderrPath: nil, environment: env)
        self.process = process
        try await waitUntilHealthy()
    }

    public func waitUntilHealthy(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let process, !process.isRunning {
                throw TestingError("hark exited with \(process.terminationStatus ?? -1): \(log())")
            }
            if let response = try? await request("GET", "/healthz"), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestingError("hark did not become healthy within \(timeout): \(log())")
    }

    /// The `State:` and `Threads:` lines of `/proc/PID/status`, for a stop that took too long.
    static func kernelState(_ pid: Int32) -> String {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return "no /proc entry" }
        return text.split(separator: "\n").filter { $0.hasPrefix("State:") || $0.hasPrefix("Threads:") }
            .map { $0.replacingOccurrences(of: "\t", with: " ") }.joined(separator: ", ")
    }

    /// Sends SIGTERM and waits; returns the exit status and how long the stop took.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(20)) async throws -> (status: Int32, took: Duration) {
        guard let process else { throw TestingError("not started") }
        let started = ContinuousClock.now
        Glibc.kill(process.processIdentifier, signal)
        while process.isRunning {
            if ContinuousClock.now - started > timeout {
                // What the kernel says of it: hanging (S, R, D) or exited but not yet reaped (Z).
                let state = Self.kernelState(process.processIdentifier)
                Glibc.kill(process.processIdentifier, SIGKILL)
                throw TestingError("hark did not stop within \(timeout) (\(state)); log: \(log().suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return (process.terminationStatus ?? -1, ContinuousClock.now - started)
    }

    /// SIGKILL, as a crash would.
    public func kill() {
        process?.terminate(signal: SIGKILL, grace: .zero)
    }

    public func signal(_ signal: Int32) {
        if let process { Glibc.kill(process.processIdentifier, signal) }
    }

    public func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Runs `hark ARGS` (a command other than serve) against this configuration.
    public func command(_ arguments: [String]) throws -> CommandResult {
        try CommandResult.run(
            try Self.binary(), arguments, environment: ["CREDENTIALS_DIRECTORY": credentialsDirectory.path])
    }

    /// A plain HTTP request to the daemon.
    public func request(
        _ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil,
        timeout: TimeInterval = 30
    ) async throws -> HTTPResult {
        try await LoopbackHTTP.send(method: method, port: port, path: path, headers: headers, body: body, timeout: timeout)
    }

    /// Ports handed out in this test process: each is given once, so two daemons (or a daemon and
    /// a Dovecot) started at the same moment never race for one port.
    private static let handedOut = Mutex<Set<Int>>([])

    static func freePort() throws -> Int {
        for _ in 0..<50 {
            let port = try unusedPort()
            if handedOut.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw TestingError("no free loopback port found")
    }

    private static func unusedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestingError("socket failed") }
        defer { close(fd) }
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw TestingError("bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A failure of the test support itself.
public struct TestingError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
