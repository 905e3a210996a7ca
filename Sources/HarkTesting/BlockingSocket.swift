import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP stream on loopback with read and write time limits, for test support that
/// speaks a line protocol by hand (the Dovecot appender, the scripted IMAP server). One owner;
/// the descriptor is closed in `deinit`.
final class BlockingSocket {
    let descriptor: Int32
    private var pending: [UInt8] = []

    init(descriptor: Int32, timeout: TimeInterval) {
        self.descriptor = descriptor
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Connects to `127.0.0.1:port`.
    static func connect(port: Int, timeout: TimeInterval = 10) throws -> BlockingSocket {
        BlockingSocket(descriptor: try connectLoopback(port: port), timeout: timeout)
    }

    deinit {
        close(descriptor)
    }

    /// Writes all of `bytes`; throws when the peer is gone or the write timed out.
    func write(_ bytes: some Collection<UInt8>) throws {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let sent = array[offset...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestingError("writing to a loopback socket failed (errno \(errno))") }
            offset += sent
        }
    }

    /// Writes a string's UTF-8 bytes.
    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Whether bytes already read wait in the buffer.
    var hasBufferedData: Bool { !pending.isEmpty }

    /// Reads one line without its CRLF; `nil` when the peer closed first.
    func readLine(maximum: Int = 1 << 20) throws -> String? {
        while true {
            if let end = pending.firstIndex(of: 0x0a) {
                var line = Array(pending[..<end])
                pending.removeSubrange(...end)
                if line.last == 0x0d { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard pending.count <= maximum else { throw TestingError("a line longer than \(maximum) bytes") }
            guard try fill() else { return nil }
        }
    }

    /// Reads exactly `count` bytes (a literal); `nil` when the peer closed first.
    func read(count: Int) throws -> [UInt8]? {
        while pending.count < count {
            guard try fill() else { return nil }
        }
        defer { pending.removeSubrange(..<count) }
        return Array(pending[..<count])
    }

    /// Reads what is available into `pending`; `false` at end of stream.
    private func fill() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var count = recv(descriptor, &buffer, buffer.count, 0)
        // A signal (a child process of another test ending) interrupts a blocking read: read on.
        while count < 0 && errno == EINTR { count = recv(descriptor, &buffer, buffer.count, 0) }
        if count == 0 { return false }
        guard count > 0 else {
            if errno == EAGAIN || errno == EWOULDBLOCK {
                throw TestingError("reading from a loopback socket timed out")
            }
            return false
        }
        pending += buffer[..<count]
        return true
    }
}

/// A listening TCP socket on `127.0.0.1`, on a free port.
final class BlockingListener: Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestingError("socket failed") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0, listen(fd, 16) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else {
            close(fd)
            throw TestingError("binding a loopback listener failed")
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(descriptor)
    }

    /// The next connection, or `nil` when none came within `timeout`.
    func accept(timeout: TimeInterval, socketTimeout: TimeInterval) -> BlockingSocket? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return nil }
        let fd = Glibc.accept(descriptor, nil, nil)
        guard fd >= 0 else { return nil }
        return BlockingSocket(descriptor: fd, timeout: socketTimeout)
    }
}
