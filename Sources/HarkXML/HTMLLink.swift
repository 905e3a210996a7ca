import Foundation

/// The URL check of the sanitiser, read the way a browser reads an `href`.
///
/// A browser strips leading and trailing C0 controls and spaces, removes every tab, LF and CR, and
/// then takes an ASCII letter followed by letters, digits, `+`, `-` or `.` up to a `:` as the scheme.
/// The same reading here means that an obfuscated `jav&#x09;ascript:`, ` javascript:`, `JaVaScRiPt:`
/// or `java\0script:` (NUL is removed before parsing) is seen as `javascript:` and dropped. Anything
/// without a scheme is relative: resolved against an http(s) base, dropped without one.
enum HTMLLink {
    /// The value to write for a URL attribute, or `nil` to drop the attribute.
    static func safeValue(_ raw: UnsafeBufferPointer<UInt8>, base: URL?, allowMailto: Bool) -> String? {
        let value = normalized(raw)
        guard !value.isEmpty else { return nil }
        if let scheme = scheme(of: value) {
            return scheme == "http" || scheme == "https" || (allowMailto && scheme == "mailto")
                ? String(decoding: value, as: UTF8.self) : nil
        }
        guard let base else { return nil }
        let relative = String(decoding: value, as: UTF8.self)
        guard let resolved = URL(string: relative, relativeTo: base)?.absoluteString else { return nil }
        let check = Array(resolved.utf8)
        guard let scheme = scheme(of: check), scheme == "http" || scheme == "https" else { return nil }
        return resolved
    }

    /// Whether `raw` can be written as it is: already in the form ``normalized(_:)`` gives (nothing to
    /// trim, no tab, LF or CR) and absolute with an allowed scheme. Then ``safeValue(_:base:allowMailto:)``
    /// would return the same bytes; this answers without allocating, for the common `https://` link.
    static func isSafeAsWritten(_ raw: UnsafeBufferPointer<UInt8>, allowMailto: Bool) -> Bool {
        guard let first = raw.first, let last = raw.last, first > 0x20, last > 0x20, isLetter(first) else {
            return false
        }
        var colon = 0
        for index in 1..<raw.count {
            let byte = raw[index]
            if byte == UInt8(ascii: ":") {
                colon = index
                break
            }
            guard isLetter(byte) || (0x30...0x39).contains(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E else {
                return false
            }
        }
        guard colon > 0 else { return false }
        for byte in raw[(colon + 1)...] where byte == 0x09 || byte == 0x0A || byte == 0x0D { return false }
        let scheme = UnsafeBufferPointer(rebasing: raw[..<colon])
        return schemeIs(scheme, "http") || schemeIs(scheme, "https") || (allowMailto && schemeIs(scheme, "mailto"))
    }

    /// Whether `scheme` is `lowercase` ignoring ASCII case.
    private static func schemeIs(_ scheme: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard scheme.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for index in 0..<scheme.count where scheme[index] | 0x20 != expected[index] { return false }
        return true
    }

    /// `base` when it is an http(s) URL (the only kind relative links may be resolved against).
    static func httpBase(_ base: URL?) -> URL? {
        guard let base, let scheme = base.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return nil
        }
        return base
    }

    /// The value as a browser's URL parser sees it: tab, LF and CR removed everywhere, C0 controls and
    /// spaces trimmed at both ends.
    static func normalized(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var value = raw.filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        while let last = value.last, last <= 0x20 { value.removeLast() }
        let leading = value.prefix { $0 <= 0x20 }.count
        value.removeFirst(leading)
        return value
    }

    /// The lowercased scheme, or `nil` when the value is relative.
    static func scheme(of value: [UInt8]) -> String? {
        guard let first = value.first, isLetter(first) else { return nil }
        var index = 1
        while index < value.count {
            let byte = value[index]
            if byte == UInt8(ascii: ":") {
                return String(decoding: value[..<index], as: UTF8.self).lowercased()
            }
            guard isLetter(byte) || (0x30...0x39).contains(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E else {
                return nil
            }
            index += 1
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
