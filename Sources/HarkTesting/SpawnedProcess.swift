import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn` and reaped by its PID with `waitpid`, so that a
/// test can stop exactly what it started and know at once when it is gone (Foundation's
/// `Process` learns of the exit only later).
public final class SpawnedProcess: Sendable {
    /// The child's PID.
    public let pid: pid_t
    /// The child's PID (as Foundation's `Process` names it).
    public var processIdentifier: pid_t { pid }
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `path` with `arguments`, its standard output and error appended to `logPath`.
    convenience init(_ path: String, _ arguments: [String], logPath: String) throws {
        try self.init(path, arguments, stdoutPath: logPath, stderrPath: nil, environment: nil)
    }

    /// Starts `path` with `arguments`; standard output goes to `stdoutPath`, standard error to
    /// `stderrPath` (or the same file when `nil`); `environment` replaces the test's own when given.
    init(
        _ path: String, _ arguments: [String], stdinPath: String = "/dev/null", stdoutPath: String, stderrPath: String?,
        environment: [String: String]?
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let stderrPath {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // The child starts with no signal blocked or ignored, whatever the test runner's threads
        // block (else it could not be stopped with SIGTERM).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environmentStrings: [UnsafeMutablePointer<CChar>?]? = environment.map { variables in
            variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { environmentStrings?.forEach { free($0) } }
        var child: pid_t = 0
        let result =
            environmentStrings.map { posix_spawn(&child, path, &actions, &attributes, argv, $0) }
            ?? posix_spawn(&child, path, &actions, &attributes, argv, environ)
        guard result == 0 else { throw TestingError("starting \(path) failed (error \(result))") }
        pid = child
    }

    /// The exit status once the child has ended (`WEXITSTATUS`, or 128 + the signal).
    public var terminationStatus: Int32? {
        guard !isRunning, let raw = exitStatus.withLock({ $0 }) else { return nil }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    /// The signal that ended the child, or `nil` while it runs or when it exited by itself.
    public var terminationSignal: Int32? {
        guard !isRunning, let raw = exitStatus.withLock({ $0 }), raw & 0x7f != 0 else { return nil }
        return raw & 0x7f
    }

    /// Whether the child still runs (reaping it when it has ended).
    public var isRunning: Bool {
        exitStatus.withLock { status in
            guard status == nil else { return false }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
            return status == nil
        }
    }

    /// Sends `signal`, waits up to `grace` for the exit, then kills and reaps. Idempotent.
    public func terminate(signal: Int32 = SIGTERM, grace: Duration = .seconds(5)) {
        guard isRunning else { return }
        kill(pid, signal)
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline { usleep(5_000) }
        guard isRunning else { return }
        kill(pid, SIGKILL)
        exitStatus.withLock { status in
            var raw: Int32 = 0
            _ = waitpid(pid, &raw, 0)
            status = raw
        }
    }
}

extension SpawnedProcess {
    /// What a finished command printed.
    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    /// Runs `path` to its end with standard input from `stdinPath` and its output collected in
    /// temporary files, not pipes: a pipe's write end can be inherited by a long-running child
    /// another test starts at the same moment (Dovecot, the daemon), and then never reports its end
    /// (a read to the end of a pipe hung a whole test run that way). Blocks the calling thread;
    /// ends the command after `timeout`.
    static func run(
        _ path: String, _ arguments: [String], stdinPath: String = "/dev/null", timeout: Duration = .seconds(120)
    ) throws -> Output {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("hark-run-\(UUID().uuidString)").path
        let (outPath, errPath) = (base + ".out", base + ".err")
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let process = try SpawnedProcess(
            path, arguments, stdinPath: stdinPath, stdoutPath: outPath, stderrPath: errPath, environment: nil)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate(signal: SIGKILL, grace: .zero)
                throw TestingError("\(path) \(arguments.prefix(3).joined(separator: " ")) did not end within \(timeout)")
            }
            usleep(2_000)
        }
        return Output(
            status: process.terminationStatus ?? -1,
            stdout: FileManager.default.contents(atPath: outPath) ?? Data(),
            stderr: FileManager.default.contents(atPath: errPath) ?? Data())
    }
}
