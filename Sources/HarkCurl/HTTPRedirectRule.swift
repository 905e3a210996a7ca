/// The rules a redirect must pass before it is followed (reliability.md 4.1 "Redirects"). Pure:
/// usable and tested without a network.
public enum HTTPRedirectRule {
    /// The statuses that are followed: 301, 302, 303, 307 and 308 (with a `Location`).
    public static func isFollowed(_ status: Int) -> Bool {
        status == 301 || status == 302 || status == 303 || status == 307 || status == 308
    }

    /// Checks a move from a URL of scheme `from` to one of scheme `to`.
    /// - Throws: `bad_scheme` when `to` is not `http` or `https`; `downgrade` from `https` to `http`.
    public static func check(fromScheme from: String, toScheme to: String) throws(HTTPFetchError) {
        let target = to.lowercased()
        guard target == "http" || target == "https" else {
            let shown = target.isEmpty ? "a URL without a scheme" : "a \(target): URL"
            throw HTTPFetchError(.badScheme, "refused a redirect to \(shown); only http and https are followed")
        }
        if from.lowercased() == "https" && target == "http" {
            throw HTTPFetchError(.downgrade, "refused a redirect from https to http")
        }
    }

    /// Resolves `location` (absolute or relative) against `current` and checks the rules.
    /// - Returns: the absolute URL to request next.
    /// - Throws: `invalid_url`, `bad_scheme` or `downgrade`.
    public static func target(of location: String, from current: String) throws(HTTPFetchError) -> String {
        let base = try CurlURL(current)
        let reference = location.trimmingSpaces
        if let scheme = CurlURL.scheme(of: reference) {
            // Judged before parsing: libcurl's parser need not understand `javascript:` or `mailto:`.
            try check(fromScheme: base.scheme, toScheme: scheme)
        }
        let next = try CurlURL(reference, relativeTo: current)
        try check(fromScheme: base.scheme, toScheme: next.scheme)
        guard !next.host.isEmpty else { throw HTTPFetchError(.invalidURL, "the redirect target has no host") }
        return next.text
    }
}
