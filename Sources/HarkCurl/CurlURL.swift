internal import CCurl

/// libcurl's own URL parser (`CURLU`), so that Hark judges and resolves URLs exactly as libcurl
/// will request them.
struct CurlURL: Sendable, Hashable {
    /// The whole URL, normalised by libcurl.
    let text: String
    /// Lower-case scheme (`http`, `https`, `file`, ...).
    let scheme: String
    /// The host as written (an IPv6 address without brackets), `""` when the URL has none.
    let host: String

    /// Parses an absolute URL. Any scheme parses (so that `file:` can be refused by name).
    /// - Throws: ``HTTPFetchError`` `invalid_url` for anything libcurl cannot parse.
    init(_ text: String) throws(HTTPFetchError) {
        try self.init(text, relativeTo: nil)
    }

    /// Resolves `reference` (absolute, or relative as in a `Location` header) against `base`.
    init(_ reference: String, relativeTo base: String?) throws(HTTPFetchError) {
        guard !reference.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }) else {
            throw HTTPFetchError(.invalidURL, "the URL contains control characters")
        }
        do {
            try CurlGlobal.initialize()
        } catch {
            throw HTTPFetchError(.invalidURL, error.message)
        }
        guard let handle = hark_curl_url() else { throw HTTPFetchError(.invalidURL, "curl_url failed") }
        defer { hark_curl_url_cleanup(handle) }
        let flags = UInt32(CURLU_NON_SUPPORT_SCHEME) | UInt32(CURLU_URLENCODE) | UInt32(CURLU_ALLOW_SPACE)
        if let base {
            try Self.check(hark_curl_url_set(handle, CURLUPART_URL, base, flags), base)
        }
        try Self.check(hark_curl_url_set(handle, CURLUPART_URL, reference, flags), reference)
        text = try Self.part(handle, CURLUPART_URL, of: reference) ?? reference
        scheme = (try Self.part(handle, CURLUPART_SCHEME, of: reference) ?? "").lowercased()
        let rawHost = (try? Self.part(handle, CURLUPART_HOST, of: reference)) ?? nil
        host = (rawHost ?? "").trimmingCharacters(in: "[").trimmingCharacters(in: "]")
    }

    /// The scheme a URL reference starts with (RFC 3986: a letter, then letters, digits, `+`, `-`,
    /// `.`, then `:`), lower-cased; `nil` for a relative reference.
    static func scheme(of reference: String) -> String? {
        guard let colon = reference.firstIndex(of: ":") else { return nil }
        let candidate = reference[..<colon]
        guard let first = candidate.unicodeScalars.first, first.isASCIILetter,
            candidate.unicodeScalars.allSatisfy({
                $0.isASCIILetter || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)
            })
        else { return nil }
        return candidate.lowercased()
    }

    private static func part(
        _ handle: OpaquePointer,
        _ part: CURLUPart,
        of url: String
    ) throws(HTTPFetchError) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        let code = hark_curl_url_get(handle, part, &value, 0)
        defer { hark_curl_free(value) }
        if code == CURLUE_NO_HOST || code == CURLUE_NO_SCHEME { return nil }
        try check(code, url)
        return value.map { String(cString: $0) }
    }

    private static func check(_ code: CURLUcode, _ url: String) throws(HTTPFetchError) {
        guard code != CURLUE_OK else { return }
        let reason = String(cString: hark_curl_url_strerror(code))
        throw HTTPFetchError(.invalidURL, "cannot parse the URL (\(reason))")
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
