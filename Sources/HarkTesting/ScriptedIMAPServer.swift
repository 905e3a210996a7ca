import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A hostile (or just scripted) IMAP server on loopback for the H7 tests: each connection it
/// accepts plays the same script of byte sequences, waits and reads, on a thread of its own.
/// Nothing it does depends on a real mail store.
public final class ScriptedIMAPServer: Sendable {
    /// One step of a script.
    public enum Step: Sendable {
        /// Sends the text (write `\r\n` where lines end), `{tag}` replaced by the tag of the last
        /// command read.
        case send(String)
        /// Sends `text` `times` times over (an endless-looking untagged stream).
        case repeated(String, times: Int)
        /// Streams `count` bytes of `byte` in 64 KiB writes (a huge literal's body).
        case filler(count: Int, byte: UInt8)
        /// Reads client lines until one whose command (the word after the tag, or the whole line
        /// for `DONE`) is `name`, then sends `reply` with `{tag}` replaced by that command's tag.
        case command(String, reply: String)
        /// Sends the text one byte at a time, `interval` apart (a 1 byte/s drip, faster).
        case drip(String, interval: Duration)
        /// Sleeps.
        case pause(Duration)
        /// Waits up to `timeout` for the client to close the connection.
        case waitForClose(timeout: Duration)
    }

    /// What the server saw, for assertions.
    public struct Record: Sendable {
        /// Connections accepted.
        public var connections = 0
        /// Bytes written to clients.
        public var bytesSent = 0
        /// The command lines received (passwords included: test data only).
        public var commands: [String] = []
        /// Whether a client closed the connection while the script was still running.
        public var clientClosedEarly = false
    }

    /// The port listened on (`127.0.0.1`).
    public let port: Int
    private let stopped = Atomic<Bool>(false)
    private let state = Mutex(Record())

    /// The `network.allow_cidrs` entry admitting exactly this server.
    public var allowEntry: String { "127.0.0.1:\(port)" }

    /// What happened so far.
    public var record: Record { state.withLock { $0 } }

    /// Starts listening and serving `script` to every connection, one at a time.
    public static func start(_ script: [Step]) throws -> ScriptedIMAPServer {
        let listener = try BlockingListener()
        let server = ScriptedIMAPServer(port: listener.port)
        let thread = Thread { [server] in
            let owned = listener
            while !server.stopped.load(ordering: .relaxed) {
                // A long read timeout: a hang guard only. A test's task can wait tens of seconds for
                // a thread of the cooperative pool on a loaded machine between two of its commands,
                // and the script must still be listening when the next one comes.
                guard let client = owned.accept(timeout: 0.1, socketTimeout: 300) else { continue }
                server.state.withLock { $0.connections += 1 }
                server.play(script, on: client)
            }
        }
        thread.name = "hark-scripted-imap"
        thread.start()
        return server
    }

    private init(port: Int) {
        self.port = port
    }

    /// Stops serving: the thread closes the connection and the listener within about 100 ms
    /// (it is not waited for). Idempotent.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    deinit {
        stop()
    }

    /// The usual start of a session as libcurl logs in: greeting, `CAPABILITY`, `LOGIN`, then
    /// the client's own `CAPABILITY`.
    public static func login(capabilities: String = "IMAP4rev1 IDLE") -> [Step] {
        [
            .send("* OK scripted server ready\r\n"),
            .command("CAPABILITY", reply: "* CAPABILITY \(capabilities)\r\n{tag} OK done\r\n"),
            .command("LOGIN", reply: "{tag} OK logged in\r\n"),
            .command("CAPABILITY", reply: "* CAPABILITY \(capabilities)\r\n{tag} OK done\r\n"),
        ]
    }

    /// ``login(capabilities:)`` followed by an `EXAMINE` that succeeds.
    public static func loginAndExamine(
        capabilities: String = "IMAP4rev1 IDLE",
        uidValidity: UInt32 = 7,
        exists: Int = 1
    ) -> [Step] {
        login(capabilities: capabilities) + [
            .command(
                "EXAMINE",
                reply: "* \(exists) EXISTS\r\n* OK [UIDVALIDITY \(uidValidity)] ok\r\n* OK [UIDNEXT 100] ok\r\n"
                    + "{tag} OK [READ-ONLY] done\r\n"
            )
        ]
    }

    private func play(_ script: [Step], on client: BlockingSocket) {
        var tag = "*"
        for step in script {
            guard !stopped.load(ordering: .relaxed), run(step, on: client, tag: &tag) else {
                state.withLock { $0.clientClosedEarly = true }
                return
            }
        }
    }

    /// Runs one step; `false` when the client went away (or the server is stopping).
    private func run(_ step: Step, on client: BlockingSocket, tag: inout String) -> Bool {
        switch step {
        case .send(let text):
            return write(Array(text.replacingOccurrences(of: "{tag}", with: tag).utf8), to: client)
        case .repeated(let text, let times):
            let chunk = Array(String(repeating: text, count: max(1, 65_536 / max(1, text.utf8.count))).utf8)
            var sent = 0
            while sent < times {
                let count = min(times - sent, max(1, 65_536 / max(1, text.utf8.count)))
                guard write(Array(chunk.prefix(count * text.utf8.count)), to: client) else { return false }
                sent += count
            }
            return true
        case .filler(let count, let byte):
            let chunk = [UInt8](repeating: byte, count: 65_536)
            var sent = 0
            while sent < count {
                guard !stopped.load(ordering: .relaxed), write(chunk.prefix(min(chunk.count, count - sent)), to: client)
                else { return false }
                sent += min(chunk.count, count - sent)
            }
            return true
        case .command(let name, let reply):
            while !stopped.load(ordering: .relaxed) {
                guard waitReadable(client) else { return false }
                guard let line = try? client.readLine() else { return false }
                state.withLock { $0.commands.append(line) }
                // "TAG NAME ..." or, for IDLE's DONE, a bare "NAME" (then the tag stays).
                let words = line.split(separator: " ", maxSplits: 2)
                let command = words.count == 1 ? words[0] : words.count > 1 ? words[1] : ""
                guard command.uppercased() == name.uppercased() else { continue }
                if words.count > 1 { tag = String(words[0]) }
                return write(Array(reply.replacingOccurrences(of: "{tag}", with: tag).utf8), to: client)
            }
            return false
        case .drip(let text, let interval):
            for byte in text.utf8 {
                guard write([byte], to: client) else { return false }
                guard run(.pause(interval), on: client, tag: &tag), !stopped.load(ordering: .relaxed) else {
                    return false
                }
            }
            return true
        case .pause(let duration):
            let end = ContinuousClock.now + duration
            while ContinuousClock.now < end, !stopped.load(ordering: .relaxed) { usleep(10_000) }
            return true
        case .waitForClose(let timeout):
            let end = ContinuousClock.now + timeout
            while ContinuousClock.now < end, !stopped.load(ordering: .relaxed) {
                var poller = pollfd(fd: client.descriptor, events: Int16(POLLIN), revents: 0)
                if poll(&poller, 1, 50) > 0 {
                    var byte: UInt8 = 0
                    if recv(client.descriptor, &byte, 1, 0) <= 0 { return true }
                }
            }
            return true
        }
    }

    /// Waits (in 100 ms steps, for at most 300 s, the same hang guard as the socket's) until the
    /// client sent something; `false` when the server is stopping or the client stayed silent.
    /// A test's task can wait tens of seconds for the cooperative pool between two commands on a
    /// loaded machine: with 30 s here, a clean-clone run's scripts gave up before `EXAMINE` came
    /// and the client then timed out waiting for an answer. A test ends the wait by stopping the
    /// server.
    private func waitReadable(_ client: BlockingSocket) -> Bool {
        guard !client.hasBufferedData else { return true }
        for _ in 0..<3000 where !stopped.load(ordering: .relaxed) {
            var poller = pollfd(fd: client.descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 100) > 0 { return true }
        }
        return false
    }

    private func write(_ bytes: some Collection<UInt8>, to client: BlockingSocket) -> Bool {
        do {
            try client.write(bytes)
        } catch {
            return false
        }
        state.withLock { $0.bytesSent += bytes.count }
        return true
    }
}
