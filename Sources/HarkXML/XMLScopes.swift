import Foundation

/// The `xml:base` and `xml:lang` in effect, as a stack of the elements that changed them.
struct XMLScopes {
    private struct Scope {
        let depth: Int
        let base: URL?
        let language: String?
    }

    private var scopes: [Scope] = []
    private let documentBase: URL?

    /// - Parameter documentBase: where the document came from; used only when http(s).
    init(documentBase: URL?) {
        self.documentBase = documentBase.flatMap(Self.webURL)
    }

    var base: URL? { scopes.last?.base ?? documentBase }
    var language: String? { scopes.last?.language }

    /// Enters an element at `depth` that carries `xml:base` and/or `xml:lang` (raw values).
    ///
    /// A base resolves against the base in effect; one that is not http(s) once resolved (`file:`,
    /// `javascript:`, garbage) is ignored and the outer base stays.
    mutating func enter(depth: Int, base rawBase: String?, language rawLanguage: String?) {
        var base = self.base
        if let rawBase {
            let trimmed = XMLWhitespace.trim(rawBase)
            if let resolved = URL(string: trimmed, relativeTo: base).flatMap(Self.webURL) { base = resolved }
        }
        var language = self.language
        if let rawLanguage {
            let trimmed = XMLWhitespace.trim(rawLanguage)
            language = trimmed.isEmpty ? nil : trimmed
        }
        scopes.append(Scope(depth: depth, base: base, language: language))
    }

    /// Leaves the element at `depth`, if it had entered a scope.
    @inline(__always)
    mutating func leave(depth: Int) {
        if let last = scopes.last, last.depth == depth { scopes.removeLast() }
    }

    /// `url` made absolute, when its scheme is http or https.
    static func webURL(_ url: URL) -> URL? {
        let absolute = url.absoluteURL
        guard let scheme = absolute.scheme?.lowercased(), scheme == "http" || scheme == "https",
            absolute.host?.isEmpty == false
        else { return nil }
        return absolute
    }
}
