import Foundation

/// The answer to a test HTTP request.
public struct HTTPResult: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

}

/// The result of running a command to completion.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// Runs `executable` with a 120 s limit, capturing both outputs.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120
    ) throws -> CommandResult {
        let directory = try Fixtures.temporaryDirectory("hark-cmd")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        // posix_spawn and waitpid by PID: Foundation's Process learns of an exit late, and on a
        // loaded machine sometimes not at all.
        let process = try SpawnedProcess(
            executable.path, arguments, stdoutPath: out.path, stderrPath: err.path,
            environment: ProcessInfo.processInfo.environment.merging(environment, uniquingKeysWith: { $1 }))
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate(signal: SIGTERM, grace: .seconds(2))
                throw TestingError("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) timed out")
            }
            usleep(10_000)
        }
        return CommandResult(
            status: process.terminationStatus ?? -1,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
