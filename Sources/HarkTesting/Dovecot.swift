import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A private Dovecot IMAP server on loopback for tests: an unprivileged `dovecot -F` with its
/// own base, state and mail directories, a plain IMAP port and an IMAPS port with a self-signed
/// certificate made at start, and one passwd-file user. When the tests run as root, Dovecot
/// runs as `nobody`.
///
/// Stop it with ``stop()`` (by the master's PID, never by name); `deinit` stops it too. The
/// blocking work (processes, sockets) runs on threads of its own, off the cooperative pool.
public final class Dovecot: Sendable {
    /// Whether Dovecot is installed (`dovecot-imapd`); tests skip without it.
    public static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: binary) && FileManager.default.isExecutableFile(atPath: doveadm)
    }

    /// Why Dovecot tests are skipped when it is not installed.
    public static let missingReason = "dovecot-imapd is not installed; run scripts/setup-deps.sh test"

    static let binary = "/usr/sbin/dovecot"
    static let doveadm = "/usr/bin/doveadm"

    /// The address it listens on.
    public let host = "127.0.0.1"
    /// The plain IMAP port (`STARTTLS` offered).
    public let port: Int
    /// The IMAPS port.
    public let tlsPort: Int
    /// The PEM certificate of the server (self-signed, for `127.0.0.1` and `localhost`): trust
    /// exactly this file.
    public let certificatePath: String
    /// The one user.
    public let user = "hark"
    /// The user's password (also accepted as an XOAUTH2 token).
    public let password: String
    /// The temporary directory holding everything (removed by ``stop()``).
    public let directory: URL
    /// The configuration file.
    public let configPath: String
    /// The Unix account Dovecot and `doveadm` run as.
    let account: DovecotAccount
    private let process: SpawnedProcess
    private let stopped = Atomic<Bool>(false)

    /// `network.allow_cidrs` entries admitting exactly this server's two ports.
    public var allowEntries: [String] { ["\(host):\(port)", "\(host):\(tlsPort)"] }

    private init(
        port: Int,
        tlsPort: Int,
        password: String,
        directory: URL,
        account: DovecotAccount,
        process: SpawnedProcess
    ) {
        self.port = port
        self.tlsPort = tlsPort
        self.password = password
        self.directory = directory
        self.account = account
        self.process = process
        certificatePath = directory.appendingPathComponent("cert.pem").path
        configPath = directory.appendingPathComponent("dovecot.conf").path
    }

    deinit {
        stopNow()
    }

    /// Starts a server and waits until both ports accept connections and the auth service
    /// answers on its `auth-userdb` socket, which `doveadm` needs (about a second).
    /// - Throws: ``TestingError`` when Dovecot is missing, the certificate cannot be made, the
    ///   ports do not listen within 15 s, or the auth service does not answer within 10 s after
    ///   that (the last probe's result and the server's log are in the message).
    public static func start() async throws -> Dovecot {
        guard isInstalled else { throw TestingError(missingReason) }
        // A master that exits at once (seen once in a cold CI run with many servers starting
        // together, with nothing in its log) is started again in a fresh directory, twice at most.
        var attempt = 1
        while true {
            let dovecot = try await BlockingWork.run { try launch() }
            do {
                try await dovecot.waitUntilListening()
                try await dovecot.waitUntilAuthAnswers()
                return dovecot
            } catch {
                let exited = !dovecot.process.isRunning
                await dovecot.stop()
                guard exited, attempt < 3 else { throw error }
                print("note: dovecot exited at start (attempt \(attempt)); starting it again: \(error)")
                attempt += 1
            }
        }
    }

    /// Writes the files and starts the master process (blocking).
    private static func launch() throws -> Dovecot {
        let account = try DovecotAccount.current()
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent(
            "hark-dovecot-\(UUID().uuidString.prefix(8))"
        )
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("home/hark"),
            withIntermediateDirectories: true
        )
        let password = "pw-\(UUID().uuidString.prefix(12))"
        do {
            let port = try DaemonProcess.freePort()
            var tlsPort = try DaemonProcess.freePort()
            while tlsPort == port { tlsPort = try DaemonProcess.freePort() }
            try DovecotFiles.write(in: directory, account: account, password: password, port: port, tlsPort: tlsPort)
            try account.own(directory)
            let process = try SpawnedProcess(
                account.launcher ?? binary,
                account.launcherArguments + [
                    binary, "-F", "-c", directory.appendingPathComponent("dovecot.conf").path,
                ],
                logPath: directory.appendingPathComponent("stderr.log").path
            )
            return Dovecot(
                port: port,
                tlsPort: tlsPort,
                password: password,
                directory: directory,
                account: account,
                process: process
            )
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Stops the server by its master PID (SIGTERM, then SIGKILL after 5 s; about a second)
    /// and removes its directory. Idempotent.
    public func stop() async {
        _ = try? await BlockingWork.run { [self] in stopNow() }
    }

    /// ``stop()``, blocking the calling thread (for `deinit`).
    func stopNow() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        process.terminate()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The server's log so far.
    public func log() -> String {
        let files = ["dovecot.log", "stderr.log"].map { directory.appendingPathComponent($0).path }
        return files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n")
    }

    private func waitUntilListening() async throws {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw TestingError("dovecot exited at start:\n\(log().suffix(3000))")
            }
            if [port, tlsPort].allSatisfy({ port in (try? connectLoopback(port: port)).map { close($0) } != nil }) {
                return
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw TestingError("dovecot did not listen within 15 s:\n\(log().suffix(3000))")
    }

    /// The path of the auth service's `auth-userdb` socket.
    var authUserdbPath: String { directory.appendingPathComponent(DovecotReadiness.authUserdbSocket).path }

    /// Polls the `auth-userdb` socket every 50 ms, for at most 10 s, until the auth service
    /// accepts a connection and greets (see ``DovecotReadiness``).
    func waitUntilAuthAnswers() async throws {
        let path = authUserdbPath
        let deadline = ContinuousClock.now + DovecotReadiness.limit
        var problem = "not probed"
        for _ in 0..<1000 {
            guard process.isRunning else {
                throw TestingError("dovecot exited at start:\n\(log().suffix(3000))")
            }
            guard let found = try await BlockingWork.run({ DovecotReadiness.problem(authUserdb: path) }) else {
                return
            }
            problem = found
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: DovecotReadiness.pollInterval)
        }
        throw TestingError(
            "dovecot's auth service did not answer on \(path) within 10 s (last: \(problem)):\n\(log().suffix(3000))"
        )
    }
}
