import Foundation
import HTTPTypes
import Hummingbird

/// Small pieces of the web page's HTTP: form bodies, cookies, redirects and headers.
enum WebHTTP {
    /// Parses an `application/x-www-form-urlencoded` body (at most `limit` bytes; the first value of
    /// a repeated name wins). `nil` when it is too large, cut off, or not valid UTF-8.
    static func form(_ body: RequestBody, limit: Int = 64 * 1024) async -> [String: String]? {
        guard case .success(let buffer) = await BodyReader.collect(body, limit: limit) else { return nil }
        guard let text = String(bytes: buffer.readableBytesView, encoding: .utf8) else { return nil }
        return parseForm(text)
    }

    static func parseForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true).prefix(200) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { continue }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    /// The value of cookie `name` in the request.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for item in header.split(separator: ";") {
                let parts = item.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return String(parts[1]).trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// A `303 See Other` to a path of this site (anything else goes to `/`).
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.location] = localPath(location) ?? "/"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }

    /// `path` when it is a path of this site (`/...`, not `//host` or `/\\host`), else `nil`.
    static func localPath(_ path: String) -> String? {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"), path.utf8.count <= 2048,
            !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        return path
    }

    static func html(_ status: HTTPResponse.Status, _ body: String, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// Whether a state-changing request comes from this site: a cross-site `Origin` or
    /// `Sec-Fetch-Site` refuses it (the CSRF token is checked as well).
    static func sameOrigin(_ request: Request) -> Bool {
        let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!]
        if let site, site != "same-origin", site != "none" { return false }
        guard let origin = request.headers[HTTPField.Name("Origin")!] else { return true }
        // A browser that hides the origin (a privacy setting) says `null`; its fetch metadata
        // still tells a same-site form apart.
        if origin == "null" { return site == "same-origin" }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    /// Random URL-safe text of `bytes` random bytes.
    static func randomToken(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(raw).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
