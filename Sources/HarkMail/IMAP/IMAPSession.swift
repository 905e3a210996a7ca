import Foundation
import HarkCurl
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One logged-in IMAP connection and its protocol state. Lives on its connection's thread
/// (``IMAPWorker``) and is never shared: it owns the libcurl handle, whose socket it reads and
/// writes with `curl_easy_recv`/`curl_easy_send` and waits on with `poll`.
///
/// After a failure that leaves the stream in an unknown place (a timeout, a protocol error, a
/// cancelled command) the session is ``broken`` and refuses further commands; the caller
/// reconnects.
final class IMAPSession {
    let configuration: IMAPConfiguration
    let logger: Logger
    private let easy: CurlEasy
    private let socket: Int32
    var framer: IMAPFramer
    private let readBuffer: UnsafeMutableRawBufferPointer
    /// The job now running; set by ``IMAPConnection`` before each job.
    var control = IMAPJobControl()
    /// Capabilities after login, upper-cased.
    var capabilities: Set<String> = []
    /// The mailbox selected, with what the server said about it.
    var selected: IMAPMailboxStatus?
    /// A `UIDVALIDITY` different from the selected mailbox's, seen in an untagged response.
    var changedUIDValidity: UInt32?
    /// Set when the server said `BYE` (expected during `LOGOUT` only).
    var byeReceived = false
    /// Why the session cannot be used any more.
    private(set) var broken: IMAPError?
    private var tagNumber = 0

    init(configuration: IMAPConfiguration, logger: Logger, easy: CurlEasy, socket: Int32) {
        self.configuration = configuration
        self.logger = logger
        self.easy = easy
        self.socket = socket
        framer = IMAPFramer(limits: configuration.limits)
        readBuffer = .allocate(byteCount: 256 << 10, alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// A fresh tag (`H1`, `H2`, ...), distinct from libcurl's own `A001` style.
    func nextTag() -> String {
        tagNumber += 1
        return "H\(tagNumber)"
    }

    /// Runs `body` with cancellation ignored (for what must finish to keep the stream in step,
    /// like ending `IDLE`); time limits still apply.
    func uncancellable<T>(_ body: () throws(IMAPError) -> T) throws(IMAPError) -> T {
        let caller = control
        control = IMAPJobControl()
        defer { control = caller }
        return try body()
    }

    /// Marks the session unusable and returns the error, to throw it.
    func breaking(_ error: IMAPError) -> IMAPError {
        if broken == nil { broken = error }
        return error
    }

    /// Sends all of `bytes` before `limit` runs out.
    func send(_ bytes: [UInt8], within limit: inout IMAPTimeLimit) throws(IMAPError) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Result { () throws(CurlError) in try easy.send(UnsafeRawBufferPointer(rebasing: buffer[offset...])) }
            }
            let sent: Int
            switch result {
            case .success(let count):
                sent = count
            case .failure(let error):
                throw breaking(
                    IMAPError(.connectionLost, "sending to \(configuration.endpoint) failed: \(error.message)")
                )
            }
            if sent > 0 {
                offset += sent
                limit.touch()
                continue
            }
            try check(limit)
            wait(for: Int16(POLLOUT), within: limit, softDeadline: nil)
        }
    }

    /// The next response; `nil` only when `softDeadline` passes first or, with a soft deadline,
    /// the job is cancelled (then nothing is broken: the caller ends what it waits for).
    func readResponse(
        within limit: inout IMAPTimeLimit,
        softDeadline: ContinuousClock.Instant? = nil
    ) throws(IMAPError) -> IMAPResponse? {
        while true {
            let frame: IMAPFrame?
            do {
                frame = try framer.nextFrame()
            } catch {
                throw breaking(error)
            }
            if let frame {
                do {
                    return try IMAPResponseParser.parse(frame, limits: configuration.limits)
                } catch {
                    throw breaking(error)
                }
            }
            // Checked before every read, not only while waiting, so that a steady stream (a 4 GB
            // literal) cannot outlast the time limit or a cancellation.
            if let softDeadline, control.isCancelled || ContinuousClock.now >= softDeadline { return nil }
            try check(limit)
            let received: Int?
            do {
                received = try easy.receive(into: readBuffer)
            } catch {
                throw breaking(
                    IMAPError(.connectionLost, "reading from \(configuration.endpoint) failed: \(error.message)")
                )
            }
            if let received {
                guard received > 0 else {
                    let reason = byeReceived ? "after BYE" : "without BYE"
                    throw breaking(
                        IMAPError(.connectionLost, "\(configuration.endpoint) closed the connection \(reason)")
                    )
                }
                framer.append(UnsafeRawBufferPointer(rebasing: readBuffer[..<received]))
                limit.touch()
                continue
            }
            wait(for: Int16(POLLIN), within: limit, softDeadline: softDeadline)
        }
    }

    /// Throws when the job was cancelled or `limit` has run out (breaking the session).
    private func check(_ limit: IMAPTimeLimit) throws(IMAPError) {
        if control.isCancelled { throw breaking(IMAPError(.cancelled, "the IMAP operation was cancelled")) }
        if let expired = limit.expired(at: .now) { throw breaking(IMAPError(.timeout, expired)) }
    }

    /// Waits until the socket is ready, a limit runs out, or 100 ms pass (to notice a
    /// cancellation).
    private func wait(for events: Int16, within limit: IMAPTimeLimit, softDeadline: ContinuousClock.Instant?) {
        let now = ContinuousClock.now
        var until = min(limit.nextExpiry, now + .milliseconds(100))
        if let softDeadline { until = min(until, softDeadline) }
        let milliseconds = max(0, Int32(((until - now) / .milliseconds(1)).rounded(.up)))
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        _ = poll(&descriptor, 1, milliseconds)
    }
}

/// The time limits of one command: an end, and a longest silence.
struct IMAPTimeLimit {
    /// When the whole command must be over.
    let end: ContinuousClock.Instant
    /// The longest silence, or `nil` for none.
    let inactivity: Duration?
    /// What is being waited for, for messages.
    let what: String
    private let total: Duration
    private var lastActivity = ContinuousClock.now

    init(_ what: String, total: Duration, inactivity: Duration?) {
        self.what = what
        self.total = total
        end = .now + total
        self.inactivity = inactivity
    }

    /// Records that bytes moved.
    mutating func touch() { lastActivity = .now }

    /// When the next limit runs out.
    var nextExpiry: ContinuousClock.Instant {
        guard let inactivity else { return end }
        return min(end, lastActivity + inactivity)
    }

    /// Why the limit is over at `now`, or `nil` while it is not.
    func expired(at now: ContinuousClock.Instant) -> String? {
        if now >= end { return "\(what) did not finish within \(total)" }
        if let inactivity, now >= lastActivity + inactivity {
            return "\(what): no data from the server for \(inactivity)"
        }
        return nil
    }
}
