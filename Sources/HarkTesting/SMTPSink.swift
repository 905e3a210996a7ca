import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real SMTP server on loopback for tests: Python's `aiosmtpd` running `Tests/smtp/sink.py`,
/// which saves every accepted message (envelope and DATA bytes) as a JSON file, answers 451 for a
/// recipient containing `tempfail` and 550 for one containing `reject`.
///
/// The Python comes from `scripts/browser-env.sh` (a venv with aiosmtpd). Stop the sink with
/// ``stop()`` (by its PID, never by name); `deinit` stops it too.
public final class SMTPSink: Sendable {
    /// One message the sink accepted.
    public struct Message: Sendable, Hashable {
        /// The envelope sender (`MAIL FROM`), `<>` for the null reverse path.
        public var mailFrom: String
        /// The accepted recipients (`RCPT TO`).
        public var recipients: [String]
        /// The `MAIL FROM` parameters (`SIZE=...`).
        public var mailOptions: [String]
        /// The DATA bytes as received, after SMTP's dot-unstuffing (RFC 5321 section 4.5.2) and
        /// nothing else: the message exactly as the client meant it.
        public var data: Data

        /// Whether it came over TLS (STARTTLS).
        public var tls: Bool
        /// The user it was sent as (SMTP AUTH), or `nil`.
        public var login: String?

        /// The data as text (UTF-8, invalid bytes replaced).
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// The address it listens on.
    public let host = "127.0.0.1"
    /// Its port.
    public let port: Int
    /// The directory holding the received messages and the log (removed by ``stop()``).
    public let directory: URL
    private let process: SpawnedProcess
    private let stopped = Atomic<Bool>(false)

    /// The `smtp://` URL of the sink.
    public var url: String { "smtp://\(host):\(port)" }
    /// The `network.allow_cidrs` entry admitting exactly this sink.
    public var allowEntry: String { "\(host):\(port)" }

    /// The sink script, `Tests/smtp/sink.py` in this repository.
    public static func scriptPath(file: StaticString = #filePath) -> String {
        URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/smtp/sink.py").path
    }

    /// Why the sink cannot run on this machine, or `nil` when it can: Python 3 is missing, or
    /// the venv is not made yet and this Python cannot make one with pip.
    public static func missingPython(file: StaticString = #filePath) -> String? {
        let root = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        if FileManager.default.isExecutableFile(
            atPath: root.appendingPathComponent(".build/browser-venv/bin/python").path)
        {
            return nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard
            let python3 = path.split(separator: ":").map({ "\($0)/python3" })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return "python3 is not installed (scripts/setup-deps.sh test installs it)" }
        let probe = try? CommandResult.run(
            URL(fileURLWithPath: python3), ["-c", "import venv, ensurepip"], timeout: 30)
        guard probe?.status == 0 else {
            return "\(python3) cannot make a venv with pip (install python3-venv; scripts/setup-deps.sh test does)"
        }
        return nil
    }

    /// The Python of the tests' venv, with aiosmtpd: `scripts/browser-env.sh` makes it once (with
    /// pip, from PyPI), afterwards only checks it. Runs off the cooperative pool.
    /// - Throws: ``TestingError`` with the script's output when it fails.
    public static func python(file: StaticString = #filePath) async throws -> String {
        if let known = preparedPython.withLock({ $0 }) { return known }
        let script = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/browser-env.sh")
        let result = try await BlockingWork.run { try CommandResult.run(script, [], timeout: 300) }
        let python = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard result.status == 0, FileManager.default.isExecutableFile(atPath: python) else {
            throw TestingError(
                "scripts/browser-env.sh could not prepare the venv with aiosmtpd (exit \(result.status)): "
                    + "\(result.stderr.suffix(2000))")
        }
        preparedPython.withLock { $0 = python }
        return python
    }

    private static let preparedPython = Mutex<String?>(nil)

    private init(port: Int, directory: URL, process: SpawnedProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    deinit {
        stopNow()
    }

    /// The certificate a TLS sink presents (self-signed: trust it by naming this file as the CA
    /// file), or `nil` for a sink without TLS.
    public var certificatePath: String? {
        let path = directory.appendingPathComponent("cert.pem").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Starts a sink with `python` (which must import aiosmtpd) and waits until it listens.
    /// - Parameter tls: Offer STARTTLS with a fresh self-signed certificate, and require it.
    /// - Parameter login: Require SMTP AUTH as this user and password.
    /// - Throws: ``TestingError`` when it exits or does not listen within 15 s (its log is in
    ///   the message).
    public static func start(
        python: String, script: String = scriptPath(), tls: Bool = false, login: (user: String, password: String)? = nil
    ) async throws -> SMTPSink {
        // A free port can be taken before the sink binds it (another test's connection may get it
        // as its local port): try another one.
        var attempt = 1
        while true {
            do {
                return try await startOnce(python: python, script: script, tls: tls, login: login)
            } catch let error as TestingError where attempt < 4 && error.description.contains("address already in use") {
                attempt += 1
            }
        }
    }

    private static func startOnce(
        python: String, script: String, tls: Bool, login: (user: String, password: String)?
    ) async throws -> SMTPSink {
        let sink = try await BlockingWork.run { () throws -> SMTPSink in
            let directory = try Fixtures.temporaryDirectory("hark-smtp-sink")
            do {
                let port = try DaemonProcess.freePort()
                var arguments = ["-u", script, "--port", "\(port)", "--directory", directory.path]
                if tls {
                    let certificate = directory.appendingPathComponent("cert.pem")
                    let key = directory.appendingPathComponent("key.pem")
                    try TestCertificate.make(certificate: certificate, key: key)
                    arguments += ["--cert", certificate.path, "--key", key.path]
                }
                if let login { arguments += ["--user", login.user, "--password", login.password] }
                let process = try SpawnedProcess(
                    python, arguments,
                    stdoutPath: directory.appendingPathComponent("sink.log").path, stderrPath: nil,
                    environment: ProcessInfo.processInfo.environment.merging(
                        ["PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"], uniquingKeysWith: { $1 }))
                return SMTPSink(port: port, directory: directory, process: process)
            } catch {
                try? FileManager.default.removeItem(at: directory)
                throw error
            }
        }
        do {
            try await sink.waitUntilListening()
        } catch {
            await sink.stop()
            throw error
        }
        return sink
    }

    /// The messages received so far, in arrival order.
    public func messages() throws -> [Message] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("message-") && $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let encoded = object["data_base64"] as? String, let bytes = Data(base64Encoded: encoded)
            else { throw TestingError("the sink wrote an unreadable record \(name)") }
            return Message(
                mailFrom: object["mail_from"] as? String ?? "", recipients: object["recipients"] as? [String] ?? [],
                mailOptions: object["mail_options"] as? [String] ?? [], data: bytes,
                tls: object["tls"] as? Bool ?? false, login: object["login"] as? String)
        }
    }

    /// The sink's log so far (aiosmtpd's own output and Python errors).
    public func log() -> String {
        (try? String(contentsOf: directory.appendingPathComponent("sink.log"), encoding: .utf8)) ?? ""
    }

    /// Stops the sink by its PID (SIGTERM, then SIGKILL after 5 s) and removes its directory.
    /// Idempotent.
    public func stop() async {
        _ = try? await BlockingWork.run { [self] in stopNow() }
    }

    /// ``stop()``, blocking the calling thread (for `deinit`).
    func stopNow() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        process.terminate()
        try? FileManager.default.removeItem(at: directory)
    }

    private func waitUntilListening() async throws {
        let ready = directory.appendingPathComponent("ready").path
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw TestingError("the SMTP sink exited at start:\n\(log().suffix(3000))") }
            if FileManager.default.fileExists(atPath: ready),
                (try? connectLoopback(port: port)).map({ close($0) }) != nil
            {
                return
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw TestingError("the SMTP sink did not listen within 15 s:\n\(log().suffix(3000))")
    }
}
