import Foundation

/// The line patterns ``ReplyStripper`` looks for.
enum ReplyPatterns {
    /// Outlook, Apple and webmail separators before a quoted or forwarded original.
    static func isSeparator(_ trimmed: some StringProtocol) -> Bool {
        guard trimmed.count < 120 else { return false }
        let lower = trimmed.lowercased()
        let core = lower.trimmingCharacters(in: CharacterSet(charactersIn: "-_=* ")).trimmingCharacters(
            in: CharacterSet(charactersIn: ":")
        )
        if lower.hasPrefix("--") || lower.hasPrefix("__") || lower.hasPrefix("==") {
            if separatorWords.contains(core) { return true }
        }
        return forwardHeadings.contains(core)
    }

    private static let separatorWords: Set<String> = [
        "original message", "oprindelig meddelelse", "opprinnelig melding", "ursprungligt meddelande",
        "originalmeddelelse", "original meddelelse", "originalmelding", "opprinnelig e-post", "ursprungligt meddelande",
        "forwarded message", "videresendt meddelelse", "videresendt melding", "vidarebefordrat meddelande",
        "videresendt besked", "originalnachricht", "ursprüngliche nachricht", "weitergeleitete nachricht",
        "message d'origine", "message transféré", "mensaje original", "oorspronkelijk bericht",
        "original message follows",
    ]

    private static let forwardHeadings: Set<String> = [
        "begin forwarded message", "videresendt besked", "start på videresendt melding", "start på videresendt besked",
        "vidarebefordrat brev", "början på vidarebefordrat brev", "anfang der weitergeleiteten nachricht",
        "début du message réexpédié",
    ]

    /// An Outlook-style header block: a `From:` line (any of the languages) with another header
    /// line (`Sent:`, `To:`, `Subject:`, ...) among the next four.
    static func isHeaderBlock(_ lines: [Substring], at index: Int) -> Bool {
        let first = lines[index].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "*", with: "")
        guard let name = headerName(first), fromNames.contains(name) else { return false }
        for offset in 1...4 where index + offset < lines.count {
            let line = lines[index + offset].trimmingCharacters(in: .whitespaces).replacingOccurrences(
                of: "*",
                with: ""
            )
            if let other = headerName(line), otherNames.contains(other) { return true }
        }
        return false
    }

    /// Outlook's `________________________________` rule with a header block right after it.
    static func isRuleBeforeHeaderBlock(_ lines: [Substring], at index: Int) -> Bool {
        let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 8, trimmed.allSatisfy({ $0 == "_" || $0 == "-" || $0 == "=" }) else { return false }
        var next = index + 1
        while next < lines.count, next <= index + 3, lines[next].trimmingCharacters(in: .whitespaces).isEmpty {
            next += 1
        }
        return next < lines.count && isHeaderBlock(lines, at: next)
    }

    private static let fromNames: Set<String> = [
        "from", "fra", "från", "von", "de", "van", "afsender", "avsändare", "avsender",
    ]
    private static let otherNames: Set<String> = [
        "sent", "sendt", "skickat", "date", "dato", "datum", "gesendet", "envoyé", "to", "til", "till", "an", "à",
        "subject", "emne", "ämne", "betreff", "objet", "onderwerp", "cc", "verzonden", "aan", "asunto", "enviado",
    ]

    /// The lower-cased name before a colon, when the line looks like `Name: value`.
    private static func headerName(_ line: String) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard !name.isEmpty, name.count <= 12, !name.contains(" ") else { return nil }
        return name
    }

    /// How many lines (1 to 3) form an attribution line starting at `index`, or `nil`.
    static func attributionSpan(_ lines: [Substring], at index: Int) -> Int? {
        var joined = ""
        for span in 1...3 where index + span - 1 < lines.count {
            let line = lines[index + span - 1].trimmingCharacters(in: .whitespaces)
            if span > 1 && line.isEmpty { return nil }
            joined += (span > 1 ? " " : "") + line
            if joined.count > 300 { return nil }
            if isAttribution(joined) { return span }
            // Only a line that opens like an attribution may continue on the next one.
            if span == 1 && !opensAttribution(joined) { return nil }
        }
        return nil
    }

    private static func opensAttribution(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("on ") || lower.hasPrefix("den ") || lower.hasPrefix("am ") || lower.hasPrefix("le ")
            || lower.hasPrefix("op ") || lower.hasPrefix("el ") || lower.first?.isNumber == true
            || lower.contains(" skrev") || lower.contains("<")
    }

    static func isAttribution(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasSuffix(":") else { return false }
        let hasAddressOrDate = lower.contains("@") || lower.contains(where: \.isNumber)
        if lower.hasSuffix("wrote:") { return lower.hasPrefix("on ") || hasAddressOrDate }
        if lower.hasSuffix("skrev følgende:") || lower.hasSuffix("skrev følgende :") { return true }
        if lower.contains(" skrev") || lower.hasPrefix("skrev") { return hasAddressOrDate || lower.hasPrefix("den ") }
        for verb in ["schrieb", "a écrit", "schreef", "escribió", "kirjoitti"] where lower.contains(verb) {
            return hasAddressOrDate
        }
        return false
    }

    /// `-- ` (RFC 3676's signature separator), also without its space.
    static func isSignatureDelimiter(_ line: Substring) -> Bool {
        line == "-- " || line == "--"
    }

    /// A mail client's "sent from" footer.
    static func isMobileFooter(_ trimmed: String) -> Bool {
        guard trimmed.count < 90 else { return false }
        let lower = trimmed.lowercased()
        return footerPrefixes.contains { lower.hasPrefix($0) }
    }

    private static let footerPrefixes = [
        "sent from my ", "sent from outlook", "sent from mail for ", "sent from yahoo mail", "sent from samsung",
        "sent from the all new aol", "sent via ", "sent with ", "get outlook for ", "sendt fra min ",
        "sendt fra outlook",
        "sendt fra mail", "sendt fra e-post", "sendt fra yahoo", "sendt fra samsung", "hent outlook",
        "skickat från min ",
        "skickat från outlook", "skickades från", "skickat från e-post", "skickat från mail", "skickat från yahoo",
        "hämta outlook", "von meinem iphone gesendet", "von meinem ipad gesendet", "envoyé de mon ",
        "verzonden vanaf mijn ",
    ]
}
