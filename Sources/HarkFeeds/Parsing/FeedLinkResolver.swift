import Foundation

/// Resolves the links a feed gives and keeps only web links: absolute `http`/`https` URLs, relative
/// ones resolved against an http(s) base. Anything else (`javascript:`, `data:`, `file:`, a relative
/// link without a usable base) is dropped.
enum FeedLinkResolver {
    /// `raw` as an absolute http(s) URL string, or `nil`.
    ///
    /// - Parameter emptyMeansBase: an empty reference is the base itself (Atom `href=""`); RSS's empty
    ///   `<link/>` is no link.
    static func resolve(_ raw: String, base: URL?, emptyMeansBase: Bool = false) -> String? {
        let trimmed = FeedText.strip(raw)
        if trimmed.isEmpty {
            guard emptyMeansBase, let base else { return nil }
            return base.absoluteString
        }
        if isPlainWebURL(trimmed) { return trimmed }
        if let scheme = scheme(of: trimmed) {
            guard scheme == "http" || scheme == "https", let url = URL(string: trimmed), url.host?.isEmpty == false
            else {
                return nil
            }
            return url.absoluteString
        }
        guard let base, let url = URL(string: trimmed, relativeTo: base)?.absoluteURL,
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else { return nil }
        return url.absoluteString
    }

    /// An absolute `http://` or `https://` URL made only of characters URLs allow as they are (no
    /// space, no quote, no non-ASCII, `%` followed by two hex digits): what `URL(string:)` would
    /// accept and give back unchanged, known without parsing it (most links are like this).
    static func isPlainWebURL(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            let prefixLength: Int
            if bytes.starts(with: "https://".utf8) {
                prefixLength = 8
            } else if bytes.starts(with: "http://".utf8) {
                prefixLength = 7
            } else {
                return false
            }
            guard bytes.count > prefixLength, isHostStart(bytes[prefixLength]) else { return false }
            var index = prefixLength
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "%") {
                    guard index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else {
                        return false
                    }
                    index += 3
                    continue
                }
                guard allowed[Int(byte)] else { return false }
                index += 1
            }
            return true
        }
    }

    private static func isHostStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
    }

    /// RFC 3986 unreserved and reserved characters but brackets (IPv6 hosts take the slow path):
    /// ASCII letters, digits, `-._~:/?#@!$&'()*+,;=`.
    private static let allowed: [Bool] = (0..<256).map { code in
        guard code < 128, let scalar = Unicode.Scalar(code) else { return false }
        let character = Character(scalar)
        return (character.isASCII && (character.isLetter || character.isNumber))
            || "-._~:/?#@!$&'()*+,;=".contains(character)
    }

    /// The scheme of an absolute reference, lowercased; `nil` for a relative one.
    static func scheme(of reference: String) -> String? {
        guard let colon = reference.firstIndex(of: ":") else { return nil }
        let candidate = reference[..<colon]
        guard let first = candidate.first, first.isASCII, first.isLetter,
            candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        return candidate.lowercased()
    }

    /// An absolute http(s) URL given as is (an RSS `guid` used as the permalink): never resolved.
    static func absolute(_ raw: String) -> String? {
        let trimmed = FeedText.strip(raw)
        guard let scheme = scheme(of: trimmed), scheme == "http" || scheme == "https" else { return nil }
        return resolve(trimmed, base: nil)
    }

    /// `url` when it is an absolute http(s) URL.
    static func webBase(_ url: URL?) -> URL? {
        guard let url, let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host?.isEmpty == false
        else { return nil }
        return url
    }
}
