import Foundation

/// A small HTTP/1.1 client for the daemon under test on loopback: one request per connection
/// (`Connection: close`), run on a thread of its own so a slow answer never holds the cooperative
/// thread pool.
///
/// Not URLSession: on Linux its task cancellation can deadlock against a failing task inside
/// FoundationNetworking and block the cooperative pool, which stalls every test in the process.
/// Not AsyncHTTPClient either: it stops the process with a fatal error when a server answers before
/// the request body is sent, which the daemon does on purpose (413, 401).
enum LoopbackHTTP {
    static func send(
        method: String, port: Int, path: String, headers: [String: String], body: Data?, timeout: TimeInterval
    ) async throws -> HTTPResult {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        try exchange(method: method, port: port, path: path, headers: headers, body: body, timeout: timeout)
                    })
            }
            thread.start()
        }
    }

    static func exchange(
        method: String, port: Int, path: String, headers: [String: String], body: Data?, timeout: TimeInterval
    ) throws -> HTTPResult {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers where name.lowercased() != "host" && name.lowercased() != "connection" {
            head += "\(name): \(value)\r\n"
        }
        if let body, headers.keys.contains(where: { $0.lowercased() == "content-length" }) == false {
            head += "Content-Length: \(body.count)\r\n"
        } else if body == nil, ["POST", "PUT", "PATCH"].contains(method) {
            head += "Content-Length: 0\r\n"
        }
        head += "\r\n"
        let answer = try RawHTTP.exchangeBytes(port: port, Array(head.utf8) + Array(body ?? Data()), timeout: timeout)
        return try parse(answer)
    }

    /// Reads the first response of a raw answer: status, headers (repeated ones joined by `, `) and
    /// the body (by `Content-Length`, chunked, or up to the end).
    static func parse(_ raw: [UInt8]) throws -> HTTPResult {
        guard let split = raw.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw TestingError("no HTTP response (\(raw.count) bytes before the connection closed)")
        }
        let lines = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = lines.first.flatMap { line -> Int? in
            let parts = line.split(separator: " ")
            return parts.count > 1 && line.hasPrefix("HTTP/1.") ? Int(parts[1]) : nil
        }
        guard let status else { throw TestingError("not an HTTP status line: \(lines.first ?? "")") }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { "\($0), \(value)" } ?? value
        }
        var rest = Array(raw[split.upperBound...])
        func field(_ name: String) -> String? { fields.first { $0.key.lowercased() == name }?.value }
        if field("transfer-encoding")?.lowercased().contains("chunked") == true {
            rest = try dechunk(rest)
        } else if let length = field("content-length").flatMap(Int.init), length <= rest.count {
            rest = Array(rest[..<length])
        }
        return HTTPResult(status: status, headers: fields, body: Data(rest))
    }

    static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while let lineEnd = bytes[index...].firstRange(of: Array("\r\n".utf8)) {
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
                .split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw TestingError("bad chunk size \(sizeText)")
            }
            if size == 0 { return out }
            let start = lineEnd.upperBound
            guard start + size <= bytes.count else { throw TestingError("truncated chunk") }
            out += bytes[start..<start + size]
            index = start + size + 2
            guard index <= bytes.count else { break }
        }
        throw TestingError("chunked body without its last chunk")
    }
}
