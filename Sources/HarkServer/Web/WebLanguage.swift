import Foundation
import HarkCore

/// A language the web inbox is shown in.
///
/// The page is offered in English and the three Scandinavian languages a support team is most likely
/// to read. The choice comes from a stored preference (``parse(_:)``) or, failing that, from the
/// browser's `Accept-Language` header (``preferred(acceptLanguage:)``).
public enum WebLanguage: String, CaseIterable, Sendable {
    /// English, the fallback.
    case en
    /// Danish.
    case da
    /// Norwegian (bokmål; `nb`, `nn` and `no` all map here).
    case no
    /// Swedish.
    case sv

    /// The longest `Accept-Language` value read; the rest is ignored, so a hostile header costs little.
    static let maxHeaderBytes = 1_000
    /// The most list entries read from `Accept-Language`.
    static let maxEntries = 50

    /// The value of the `lang` attribute of the page's `<html>` element.
    public var htmlLang: String {
        switch self {
        case .en: "en"
        case .da: "da"
        case .no: "nb"
        case .sv: "sv"
        }
    }

    /// The language's own name, for a language picker (each name in its own language).
    public var nativeName: String {
        switch self {
        case .en: "English"
        case .da: "Dansk"
        case .no: "Norsk"
        case .sv: "Svenska"
        }
    }

    /// A stored language choice: exactly `en`, `da`, `no` or `sv`.
    ///
    /// - Parameter text: The stored value (from a cookie or a form field), possibly missing.
    /// - Returns: The language, or `nil` for anything else (including other case or whitespace).
    public static func parse(_ text: String?) -> WebLanguage? {
        guard let text else { return nil }
        return WebLanguage(rawValue: text)
    }

    /// The best language for an `Accept-Language` header (RFC 9110 §12.5.4).
    ///
    /// Entries are weighed by their `q` value (default 1; `q=0` means "not acceptable"); among equal
    /// weights the earlier entry wins. A range matches by its primary subtag: `da-DK` is Danish,
    /// `nb`, `nn`, `no` and `nb-NO` are Norwegian, `sv-SE` is Swedish, `en-GB` is English. The
    /// wildcard `*` and unknown languages are skipped. Only the first ``maxHeaderBytes`` bytes and
    /// ``maxEntries`` entries are read; malformed entries are skipped, never fatal.
    ///
    /// - Parameter acceptLanguage: The header value, if the request had one.
    /// - Returns: The preferred supported language, or ``en`` when none matches.
    public static func preferred(acceptLanguage: String?) -> WebLanguage {
        guard let acceptLanguage else { return .en }
        let bytes = acceptLanguage.utf8.prefix(maxHeaderBytes)
        var best: (language: WebLanguage, weight: Int)?
        for entry in bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true).prefix(maxEntries) {
            guard let (language, weight) = parseEntry(entry), weight > 0 else { continue }
            if weight > (best?.weight ?? 0) {
                best = (language, weight)
            }
        }
        return best?.language ?? .en
    }

    /// One list entry, `range *( OWS ";" OWS param )`: the supported language and its weight in
    /// thousandths, or `nil` when the range is unknown or the entry malformed.
    private static func parseEntry(_ entry: Substring.UTF8View.SubSequence) -> (WebLanguage, Int)? {
        let parts = entry.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        guard let rangePart = parts.first else { return nil }
        let range = trimmed(rangePart)
        guard let language = language(forRange: range) else { return nil }
        var weight = 1_000
        for parameter in parts.dropFirst() {
            let text = trimmed(parameter)
            guard text.count >= 2, text.first == UInt8(ascii: "q") || text.first == UInt8(ascii: "Q") else {
                continue
            }
            let afterName = text.dropFirst()
            guard afterName.first == UInt8(ascii: "=") else { continue }
            guard let parsed = qValue(afterName.dropFirst()) else { return nil }
            weight = parsed
        }
        return (language, weight)
    }

    /// The supported language of a language range, by its primary subtag (case-insensitive).
    private static func language(forRange range: Substring.UTF8View.SubSequence) -> WebLanguage? {
        let primary = range.split(separator: UInt8(ascii: "-"), maxSplits: 1, omittingEmptySubsequences: false)
            .first ?? range[...]
        guard primary.count == 2 || primary.count == 3 else { return nil }
        let lowered = String(decoding: primary, as: UTF8.self).lowercased()
        switch lowered {
        case "en", "eng": return .en
        case "da", "dan": return .da
        case "no", "nb", "nn", "nor", "nob", "nno": return .no
        case "sv", "swe": return .sv
        default: return nil
        }
    }

    /// An RFC 9110 `qvalue` (`0[.ddd]` or `1[.000]`) in thousandths, or `nil` when malformed.
    private static func qValue(_ text: Substring.UTF8View.SubSequence) -> Int? {
        let digits = Array(text)
        guard let first = digits.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else {
            return nil
        }
        var value = Int(first - UInt8(ascii: "0")) * 1_000
        guard digits.count > 1 else { return value }
        guard digits[1] == UInt8(ascii: "."), digits.count <= 5 else { return nil }
        var scale = 100
        for digit in digits.dropFirst(2) {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value += Int(digit - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return value > 1_000 ? nil : value
    }

    /// The bytes without leading or trailing spaces and tabs (RFC 9110 OWS).
    private static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }),
            let end = bytes.lastIndex(where: { !isSpace($0) })
        else { return bytes[bytes.endIndex...] }
        return bytes[start...end]
    }
}
