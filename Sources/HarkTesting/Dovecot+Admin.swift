import Foundation

extension Dovecot {
    /// Creates a mailbox (a Unicode name; `.` makes a hierarchy in this server's Maildir).
    public func createMailbox(_ name: String) async throws {
        try await doveadm(["mailbox", "create", "-u", user, name])
    }

    /// Deletes a mailbox and the messages in it.
    public func deleteMailbox(_ name: String) async throws {
        try await doveadm(["mailbox", "delete", "-u", user, name])
    }

    /// The mailbox's `UIDVALIDITY`.
    public func uidValidity(_ mailbox: String = "INBOX") async throws -> UInt32 {
        let output = try await doveadm(["-f", "flow", "mailbox", "status", "-u", user, "uidvalidity", mailbox])
        guard let range = output.range(of: #"uidvalidity=(\d+)"#, options: .regularExpression),
            let value = UInt32(output[range].dropFirst("uidvalidity=".count))
        else { throw TestingError("doveadm gave no uidvalidity for a mailbox: \(output)") }
        return value
    }

    /// The flags of every message in the mailbox, by UID, as Dovecot itself sees them.
    public func flags(_ mailbox: String = "INBOX") async throws -> [UInt32: [String]] {
        let output = try await doveadm(["-f", "tab", "fetch", "-u", user, "uid flags", "mailbox", mailbox, "all"])
        var result: [UInt32: [String]] = [:]
        for line in output.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard let uid = fields.first.flatMap({ UInt32($0) }) else { continue }
            result[uid] = fields.count > 1 ? fields[1].split(separator: " ").map(String.init) : []
        }
        return result
    }

    /// Appends one message (`flags` such as `\Seen`), through IMAP `APPEND`.
    public func append(_ message: Data, to mailbox: String = "INBOX", flags: [String] = []) async throws {
        try await append([message], to: mailbox, flags: flags)
    }

    /// Appends messages in order, many per command (`MULTIAPPEND`), so thousands take little time.
    public func append(_ messages: [Data], to mailbox: String = "INBOX", flags: [String] = []) async throws {
        let (port, user, password) = (port, user, password)
        try await BlockingWork.run {
            try Self.append(messages, to: mailbox, flags: flags, port: port, user: user, password: password)
        }
    }

    private static func append(
        _ messages: [Data],
        to mailbox: String,
        flags: [String],
        port: Int,
        user: String,
        password: String
    ) throws {
        let appender = try DovecotAppender(port: port, user: user, password: password)
        var batch: [Data] = []
        var batchBytes = 0
        for message in messages {
            batch.append(message)
            batchBytes += message.count
            if batchBytes > 8 << 20 || batch.count >= 500 {
                try appender.append(batch, to: mailbox, flags: flags)
                (batch, batchBytes) = ([], 0)
            }
        }
        if !batch.isEmpty { try appender.append(batch, to: mailbox, flags: flags) }
        appender.logout()
    }

    /// Runs `doveadm` with this server's configuration, as the server's account; its output.
    /// When it fails because the auth service's `auth-userdb` socket refused it (or was not
    /// there), which happens at the user lookup before the command did anything, it waits
    /// until the socket answers (at most 10 s) and runs the command once more.
    @discardableResult
    public func doveadm(_ arguments: [String]) async throws -> String {
        let (launcher, prefix, configPath) = (account.launcher, account.launcherArguments, configPath)
        let socketPath = authUserdbPath
        return try await BlockingWork.run {
            let first = try Self.runDoveadm(launcher: launcher, prefix: prefix, configPath: configPath, arguments)
            guard case .failure(let error, let errorText) = first else { return try first.output() }
            guard DovecotReadiness.isAuthUnreachable(errorText) else { throw error }
            Self.waitForAuth(socketPath)
            return try Self.runDoveadm(launcher: launcher, prefix: prefix, configPath: configPath, arguments)
                .output()
        }
    }

    /// Blocks until the auth service answers on `path`, polling every 50 ms for at most 10 s
    /// (the retry that follows reports the failure if it never does).
    private static func waitForAuth(_ path: String) {
        let deadline = ContinuousClock.now + DovecotReadiness.limit
        for _ in 0..<1000 where ContinuousClock.now < deadline {
            if DovecotReadiness.problem(authUserdb: path) == nil { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The outcome of one `doveadm` run.
    private enum DoveadmRun {
        case success(String)
        case failure(TestingError, errorText: String)

        func output() throws -> String {
            switch self {
            case .success(let text): return text
            case .failure(let error, _): throw error
            }
        }
    }

    private static func runDoveadm(
        launcher: String?,
        prefix: [String],
        configPath: String,
        _ arguments: [String]
    ) throws
        -> DoveadmRun
    {
        // Output through files, not pipes (see ``SpawnedProcess/run(_:_:stdinPath:timeout:)``).
        let result = try SpawnedProcess.run(launcher ?? doveadm, prefix + [doveadm, "-c", configPath] + arguments)
        let text = String(decoding: result.stdout, as: UTF8.self)
        let errorText = String(decoding: result.stderr, as: UTF8.self)
        guard result.status == 0 else {
            let command = arguments.prefix(2).joined(separator: " ")
            return .failure(
                TestingError("doveadm \(command) failed (\(result.status)): \(errorText)"),
                errorText: errorText
            )
        }
        return .success(text)
    }
}
