import HarkCore

/// The text of an acknowledgement in one language, with placeholders in braces: `{name}` (the
/// customer's display name), `{subject}` (their subject), `{brand}` (the configured sender brand)
/// and `{reference}` (the short reference of the mention).
public struct AcknowledgementTemplate: Sendable, Hashable, Codable {
    /// The subject, one line (`Re: {subject}`).
    public var subject: String
    /// The plain-text body; lines end with `\n` (the mail gets CRLF).
    public var body: String
    /// What `{name}` becomes when the customer gave no usable name (`customer` in `Dear customer,`);
    /// `nil` takes the built-in word of the template's language, else the English one.
    public var neutralName: String?
    /// What `{subject}` becomes when the customer's message had no subject; `nil` takes the
    /// built-in one of the template's language, else the English one.
    public var neutralSubject: String?

    /// A template.
    public init(subject: String, body: String, neutralName: String? = nil, neutralSubject: String? = nil) {
        self.subject = subject
        self.body = body
        self.neutralName = neutralName
        self.neutralSubject = neutralSubject
    }
}

/// What the placeholders of a template are filled with. Customer data is made single-line and
/// capped before use, whatever it holds.
public struct AcknowledgementValues: Sendable, Hashable {
    /// The customer's display name, if any (an address-like name counts as none).
    public var name: String?
    /// The subject of the customer's message, if any (reply prefixes such as `Re:` are dropped).
    public var subject: String?
    /// The sender brand (`Nordlys Energi`).
    public var brand: String
    /// The short reference of the mention.
    public var reference: String

    /// The values of one acknowledgement.
    public init(name: String?, subject: String?, brand: String, reference: String) {
        self.name = name
        self.subject = subject
        self.brand = brand
        self.reference = reference
    }
}

/// A rendered acknowledgement: the language used, the subject line and the body.
public struct AcknowledgementText: Sendable, Hashable {
    /// The language whose template was used (`en`, `da`, `no`, `sv`, or a configured one).
    public var language: String
    /// The subject, one line.
    public var subject: String
    /// The body, lines ending with `\n`.
    public var body: String

    /// A rendered text.
    public init(language: String, subject: String, body: String) {
        self.language = language
        self.subject = subject
        self.body = body
    }
}

/// Something wrong with a configured template.
public struct AcknowledgementTemplateProblem: Sendable, Hashable, CustomStringConvertible {
    /// The language key of the template.
    public var language: String
    /// `subject` or `body` (or `language` for a bad key).
    public var field: String
    /// What is wrong and how to fix it.
    public var message: String

    /// A problem.
    public init(language: String, field: String, message: String) {
        self.language = language
        self.field = field
        self.message = message
    }

    public var description: String { "acknowledgement template \(language) \(field): \(message)" }
}

/// The acknowledgement templates in use: the built-in ones with configured ones merged over them.
public struct AcknowledgementTemplates: Sendable, Hashable {
    /// The placeholders a template may use.
    public static let placeholders: Set<String> = ["name", "subject", "brand", "reference"]
    /// The language used when a mention's language has no template.
    public static let defaultLanguage = "en"
    /// The most characters of a customer's subject used in `{subject}`.
    public static let maximumSubjectLength = 150
    /// The most characters of a customer's name used in `{name}`.
    public static let maximumNameLength = 80

    /// The templates by language key (lower-case).
    public let templates: [String: AcknowledgementTemplate]

    /// The built-in templates with `overrides` (by language, e.g. `da` or `de`) replacing or
    /// adding to them. Check the overrides with ``problems(in:)`` first.
    public init(overrides: [String: AcknowledgementTemplate] = [:]) {
        var merged = Self.defaults
        for (language, template) in overrides { merged[Self.languageKey(language)] = template }
        templates = merged
    }

    /// The language key a language tag maps to: lower-case, without region (`da-DK` is `da`);
    /// `nb` and `nn` are `no`.
    public static func languageKey(_ tag: String) -> String {
        let base = tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        return base == "nb" || base == "nn" ? "no" : base
    }

    /// The template for `language` (a tag such as `da-DK`), else for ``defaultLanguage``.
    public func template(for language: String?) -> (language: String, template: AcknowledgementTemplate) {
        if let language, let template = templates[Self.languageKey(language)] {
            return (Self.languageKey(language), template)
        }
        return (Self.defaultLanguage, templates[Self.defaultLanguage] ?? Self.defaults[Self.defaultLanguage]!)
    }

    /// The acknowledgement for `values` in `language` (or the default language).
    public func render(language: String?, values: AcknowledgementValues) -> AcknowledgementText {
        let (key, template) = template(for: language)
        let builtIn = Self.defaults[key] ?? Self.defaults[Self.defaultLanguage]!
        let neutralName = template.neutralName ?? builtIn.neutralName ?? "customer"
        let neutralSubject = template.neutralSubject ?? builtIn.neutralSubject ?? "Your message"
        var name = values.name.flatMap(TextCleanup.singleLine).map { Self.capped($0, Self.maximumNameLength) }
        if name?.contains("@") == true { name = nil }
        let subject = values.subject.flatMap(TextCleanup.singleLine).map(Self.withoutReplyPrefixes)
            .flatMap { $0.isEmpty ? nil : Self.capped($0, Self.maximumSubjectLength) }
        let filled = [
            "name": name ?? neutralName,
            "subject": subject ?? neutralSubject,
            "brand": TextCleanup.singleLine(values.brand) ?? "",
            "reference": TextCleanup.singleLine(values.reference) ?? "",
        ]
        let subjectLine = TextCleanup.singleLine(Self.fill(template.subject, with: filled)) ?? neutralSubject
        let body = TextCleanup.body(Self.fill(template.body, with: filled)) + "\n"
        return AcknowledgementText(language: key, subject: subjectLine, body: body)
    }

    /// What is wrong with configured templates: unknown placeholders, an empty subject or body, a
    /// subject of more than one line, a language key that is not a language tag. Empty when fine.
    public static func problems(in overrides: [String: AcknowledgementTemplate]) -> [AcknowledgementTemplateProblem] {
        var problems: [AcknowledgementTemplateProblem] = []
        for (language, template) in overrides.sorted(by: { $0.key < $1.key }) {
            func report(_ field: String, _ message: String) {
                problems.append(AcknowledgementTemplateProblem(language: language, field: field, message: message))
            }
            let key = languageKey(language)
            if key.count < 2 || key.count > 3 || !key.allSatisfy({ $0.isASCII && $0.isLetter }) {
                report("language", "\"\(language)\" is not a language tag; write e.g. en, da, no, sv or de")
            }
            for (field, text) in [("subject", template.subject), ("body", template.body)] {
                if text.allSatisfy(\.isWhitespace) { report(field, "is empty") }
                for unknown in placeholderNames(in: text) where !placeholders.contains(unknown) {
                    report(
                        field,
                        "unknown placeholder {\(unknown)}; the placeholders are "
                            + placeholders.sorted().map { "{\($0)}" }.joined(separator: ", "))
                }
            }
            if template.subject.contains(where: \.isNewline) { report("subject", "must be one line") }
        }
        return problems
    }

    /// The names of the `{placeholder}`s in `text`, in order (known or not).
    public static func placeholderNames(in text: String) -> [String] {
        placeholderRanges(in: text).map { String(text[$0].dropFirst().dropLast()) }
    }

    /// `text` with known placeholders replaced in one pass (a value that itself looks like a
    /// placeholder stays as it is); unknown ones are left as written.
    static func fill(_ text: String, with values: [String: String]) -> String {
        var out = ""
        var cursor = text.startIndex
        for range in placeholderRanges(in: text) {
            out += text[cursor..<range.lowerBound]
            let name = String(text[range].dropFirst().dropLast())
            out += values[name] ?? String(text[range])
            cursor = range.upperBound
        }
        out += text[cursor...]
        return out
    }

    /// The ranges of `{name}` in `text`, where a name is 1 to 40 ASCII letters, digits or `_`.
    private static func placeholderRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var cursor = text.startIndex
        while let open = text[cursor...].firstIndex(of: "{") {
            var end = text.index(after: open)
            while end < text.endIndex, text[end].isASCII, text[end].isLetter || text[end].isNumber || text[end] == "_" {
                end = text.index(after: end)
            }
            let length = text.distance(from: open, to: end) - 1
            if end < text.endIndex, text[end] == "}", (1...40).contains(length) {
                ranges.append(open..<text.index(after: end))
                cursor = text.index(after: end)
            } else {
                cursor = text.index(after: open)
            }
        }
        return ranges
    }

    /// A subject without leading reply and forward prefixes (`Re:`, `SV:`, `AW:`, `Fwd:`, ...),
    /// so that the template's own `Re:` is not doubled.
    static func withoutReplyPrefixes(_ subject: String) -> String {
        let prefixes = ["re:", "sv:", "vs:", "aw:", "antw:", "ang:", "fw:", "fwd:", "vb:", "wg:", "tr:"]
        var text = Substring(subject)
        while true {
            text = text.drop { $0 == " " }
            let head = text.prefix(5).lowercased()
            guard let prefix = prefixes.first(where: { head.hasPrefix($0) }) else { break }
            text = text.dropFirst(prefix.count)
        }
        return String(text)
    }

    /// `text` cut to `limit` characters, an ellipsis marking the cut.
    static func capped(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        var kept = text.prefix(limit - 1)
        while kept.last == " " { kept = kept.dropLast() }
        return kept + "…"
    }
}
