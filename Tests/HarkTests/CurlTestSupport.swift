import Foundation
import HarkCurl
import HarkTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Helpers shared by the libcurl fetcher tests.
enum CurlTest {
    /// Limits for tests: the defaults, with timeouts short enough that a hang fails fast.
    static var limits: HTTPFetchLimits {
        var limits = HTTPFetchLimits()
        limits.connectTimeout = .seconds(5)
        limits.totalTimeout = .seconds(90)  // generous: the suite runs many tests at once on 2 cores
        limits.lowSpeedTime = .seconds(10)
        return limits
    }

    /// A fetcher whose allow-list holds exactly `server`'s address and port.
    static func fetcher(
        allowing server: FeedServer,
        limits: HTTPFetchLimits = CurlTest.limits,
        certificateAuthorities: String? = nil
    ) throws -> HTTPFetcher {
        HTTPFetcher(
            policy: try AddressPolicy(allowing: [server.allowEntry]),
            limits: limits,
            certificateAuthorities: certificateAuthorities
        )
    }

    /// The error a fetch ends with, or `nil` when it succeeded.
    static func error(
        _ fetcher: HTTPFetcher,
        _ url: String,
        headers: [(name: String, value: String)] = [],
        limits: HTTPFetchLimits? = nil
    ) async -> HTTPFetchError? {
        do {
            _ = try await fetcher.fetch(HTTPFetchRequest(url: url, headers: headers), limits: limits)
            return nil
        } catch {
            return error
        }
    }

    /// Whether a socket can be bound on `::1` here (containers without IPv6 cannot).
    static let ipv6LoopbackAvailable: Bool = {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
            }
        }
    }()

    /// Whether a command is on `PATH`.
    static func has(_ tool: String) -> Bool { FeedServer.Compression.isAvailable(tool) }
}

/// A test fixture could not be set up.
struct CurlTestError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// This process's memory, from `/proc/self/status` (Linux).
enum ProcessMemory {
    /// Resets the peak resident size (`VmHWM`) to the current one; `false` where not supported.
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    /// The current resident size in bytes.
    static func resident() -> Int? { field("VmRSS") }

    /// The peak resident size in bytes since the last ``resetPeak()``.
    static func peak() -> Int? { field("VmHWM") }

    private static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let number = line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
            return number.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}

/// `openssl s_server -HTTP` on loopback with a certificate made at test time, serving files from
/// a temporary folder (each file holds a whole HTTP response).
final class TLSTestServer {
    let directory: URL
    let port: Int
    /// The certificate, a PEM file to trust.
    let certificate: String
    private let process: Process

    /// Starts a server whose certificate names `subjectAltName` (e.g. `IP:127.0.0.1`).
    init(subjectAltName: String, files: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hark-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try Self.openssl(
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                "-out", certificate, "-days", "2", "-subj", "/CN=hark-test", "-addext",
                "subjectAltName=\(subjectAltName)",
            ],
            in: directory
        )
        for (name, content) in files {
            try Data(content.utf8).write(to: directory.appendingPathComponent(name))
        }
        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "s_server", "-cert", certificate, "-key", key, "-accept", "127.0.0.1:0", "-HTTP",
        ]
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        var found: Int?
        for _ in 0..<100 where found == nil {
            Thread.sleep(forTimeInterval: 0.05)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "ACCEPT 127.0.0.1:") {
                found = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            throw CurlTestError(message: "openssl s_server did not report its port")
        }
        port = found
    }

    /// Ends the server process and removes its files.
    func stop() {
        if process.isRunning {
            // SIGKILL: the child inherits the test thread's signal mask, in which SIGTERM may be blocked.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func openssl(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CurlTestError(message: "openssl \(arguments.first ?? "") failed")
        }
    }
}
