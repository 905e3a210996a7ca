import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sends raw bytes over TCP to a loopback port and reads the answer, for malformed HTTP
/// (smuggling, oversized headers) that a normal client refuses to send.
public enum RawHTTP {
    /// Writes `bytes`, then reads until the peer closes or `timeout` passes.
    public static func exchange(port: Int, _ bytes: [UInt8], timeout: TimeInterval = 5) throws -> String {
        String(decoding: try exchangeBytes(port: port, bytes, timeout: timeout), as: UTF8.self)
    }

    /// ``exchange(port:_:timeout:)`` as bytes.
    static func exchangeBytes(port: Int, _ bytes: [UInt8], timeout: TimeInterval) throws -> [UInt8] {
        try exchangeBytesReportingClose(port: port, bytes, timeout: timeout).bytes
    }

    /// ``exchange(port:_:timeout:)``, also saying whether the peer closed the connection (rather
    /// than the time running out): on a dispatch thread.
    public static func exchangeReportingClose(port: Int, _ bytes: [UInt8], timeout: TimeInterval) async throws
        -> (text: String, closedByPeer: Bool)
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        let answer = try exchangeBytesReportingClose(port: port, bytes, timeout: timeout)
                        return (String(decoding: answer.bytes, as: UTF8.self), answer.closedByPeer)
                    })
            }
        }
    }

    static func exchangeBytesReportingClose(port: Int, _ bytes: [UInt8], timeout: TimeInterval) throws
        -> (bytes: [UInt8], closedByPeer: Bool)
    {
        let fd = try connectLoopback(port: port)
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { break }  // the server may close early on a bad request
            offset += sent
        }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return (response, true) }
            // A signal (a child process of another test ending) interrupts a blocking read: read on.
            if count < 0 && errno == EINTR { continue }
            if count < 0 { break }
            response += buffer[0..<count]
        }
        return (response, false)
    }

    /// The status codes of every response in a raw answer, in order.
    public static func statuses(_ response: String) -> [Int] {
        response.components(separatedBy: "\r\n").compactMap { line in
            guard line.hasPrefix("HTTP/1.") else { return nil }
            let parts = line.split(separator: " ")
            return parts.count > 1 ? Int(parts[1]) : nil
        }
    }
}

extension RawHTTP {
    /// ``exchange(port:_:timeout:)`` on a dispatch thread, so a slow exchange never blocks the
    /// cooperative pool.
    public static func exchangeInBackground(port: Int, _ bytes: [UInt8], timeout: TimeInterval = 5) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try exchange(port: port, bytes, timeout: timeout) })
            }
        }
    }
}

extension RawHTTP {
    /// Sends `bytes` one at a time, `interval` apart (a slowloris client), on a dispatch thread.
    /// Returns the seconds until the server closed the connection, or `nil` when it was still open
    /// after `timeout`.
    public static func trickle(port: Int, _ bytes: [UInt8], interval: TimeInterval, timeout: TimeInterval) async throws
        -> TimeInterval?
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try trickleBlocking(port: port, bytes, interval: interval, timeout: timeout) })
            }
        }
    }

    private static func trickleBlocking(port: Int, _ bytes: [UInt8], interval: TimeInterval, timeout: TimeInterval) throws
        -> TimeInterval?
    {
        let fd = try connectLoopback(port: port)
        defer { close(fd) }
        let started = Date()
        var index = 0
        var probe = [UInt8](repeating: 0, count: 1024)
        while Date().timeIntervalSince(started) < timeout {
            if index < bytes.count {
                var byte = bytes[index]
                if send(fd, &byte, 1, Int32(MSG_NOSIGNAL)) <= 0 { return Date().timeIntervalSince(started) }
                index += 1
            }
            let count = recv(fd, &probe, probe.count, Int32(MSG_DONTWAIT))
            if count == 0 { return Date().timeIntervalSince(started) }
            usleep(useconds_t(interval * 1_000_000))
        }
        return nil
    }
}

/// A TCP socket connected to `127.0.0.1:port`; the caller closes it.
func connectLoopback(port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestingError("socket failed") }
    var address = loopbackAddress(port: port)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        close(fd)
        throw TestingError("connect to port \(port) failed")
    }
    return fd
}

/// `127.0.0.1:port` as a socket address.
func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return address
}

/// A request whose answer is read only as far as its status line and headers: the client then
/// stops reading (a slow or stalled downloader), until ``close()``. Blocking; use it off the
/// cooperative pool or for short steps.
public final class StalledHTTPRequest: @unchecked Sendable {
    private var socket: BlockingSocket?
    /// The status line and header lines.
    public let head: [String]

    public init(port: Int, _ request: String, timeout: TimeInterval = 10) throws {
        let socket = try BlockingSocket.connect(port: port, timeout: timeout)
        try socket.write(request)
        var head: [String] = []
        while let line = try socket.readLine(maximum: 64 * 1024), !line.isEmpty { head.append(line) }
        self.socket = socket
        self.head = head
    }

    /// The status of the status line.
    public var status: Int? { RawHTTP.statuses(head.first ?? "").first }

    /// Closes the connection without reading the rest.
    public func close() { socket = nil }
}
