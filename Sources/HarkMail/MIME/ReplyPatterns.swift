import Foundation

/// The line patterns ``ReplyStripper`` looks for. Each check starts with a cheap test on the line's
/// first or last character, since almost every line is none of these.
enum ReplyPatterns {
    /// `line` without blanks (space, tab, no-break space, a stray CR) at either end; on UTF-8, since
    /// this runs on every line.
    static func trimmed(_ line: Substring) -> Substring {
        let utf8 = line.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end {
            let byte = utf8[start]
            if byte == 0x20 || byte == 0x09 {
                start = utf8.index(after: start)
            } else if byte == 0xC2, utf8.index(after: start) < end, utf8[utf8.index(after: start)] == 0xA0 {
                start = utf8.index(start, offsetBy: 2)
            } else {
                break
            }
        }
        while start < end {
            let last = utf8.index(before: end)
            let byte = utf8[last]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                end = last
            } else if byte == 0xA0, last > start, utf8[utf8.index(before: last)] == 0xC2 {
                end = utf8.index(before: last)
            } else {
                break
            }
        }
        return line[start..<end]
    }

    /// Outlook, Apple and webmail separators before a quoted or forwarded original.
    static func isSeparator(_ trimmed: Substring) -> Bool {
        guard let first = trimmed.first, trimmed.utf8.count < 400 else { return false }
        let ruled = first == "-" || first == "_" || first == "=" || first == "*"
        guard ruled || trimmed.utf8.last == 0x3A else { return false }
        let core = trimmed.lowercased().trimmingCharacters(in: separatorPunctuation)
        return ruled ? separatorWords.contains(core) : forwardHeadings.contains(core)
    }

    private static let separatorPunctuation = CharacterSet(charactersIn: "-_=*: ")

    private static let separatorWords: Set<String> = [
        "original message", "oprindelig meddelelse", "opprinnelig melding", "ursprungligt meddelande",
        "originalmeddelelse", "original meddelelse", "originalmelding", "opprinnelig e-post", "forwarded message",
        "videresendt meddelelse", "videresendt melding", "vidarebefordrat meddelande", "videresendt besked",
        "originalnachricht", "ursprüngliche nachricht", "weitergeleitete nachricht", "message d'origine",
        "message transféré", "mensaje original", "oorspronkelijk bericht", "original message follows",
    ]

    private static let forwardHeadings: Set<String> = [
        "begin forwarded message", "videresendt besked", "start på videresendt melding", "start på videresendt besked",
        "vidarebefordrat brev", "början på vidarebefordrat brev", "anfang der weitergeleiteten nachricht",
        "début du message réexpédié",
    ]

    /// An Outlook-style header block: a `From:` line (any of the languages) with another header
    /// line (`Sent:`, `To:`, `Subject:`, ...) among the next four.
    static func isHeaderBlock(_ lines: [Substring], at index: Int) -> Bool {
        guard let name = headerName(lines[index]), fromNames.contains(name) else { return false }
        for offset in 1...4 where index + offset < lines.count {
            if let other = headerName(lines[index + offset]), otherNames.contains(other) { return true }
        }
        return false
    }

    /// Outlook's `________________________________` rule with a header block right after it.
    static func isRuleBeforeHeaderBlock(_ lines: [Substring], at index: Int) -> Bool {
        let rule = trimmed(lines[index])
        guard let first = rule.utf8.first, first == 0x5F || first == 0x2D || first == 0x3D, rule.utf8.count >= 8,
            rule.allSatisfy({ $0 == "_" || $0 == "-" || $0 == "=" })
        else { return false }
        var next = index + 1
        while next < lines.count, next <= index + 3, trimmed(lines[next]).isEmpty { next += 1 }
        return next < lines.count && isHeaderBlock(lines, at: next)
    }

    private static let fromNames: Set<String> = [
        "from", "fra", "från", "von", "de", "van", "afsender", "avsändare", "avsender",
    ]
    private static let otherNames: Set<String> = [
        "sent", "sendt", "skickat", "date", "dato", "datum", "gesendet", "envoyé", "to", "til", "till", "an", "à",
        "subject", "emne", "ämne", "betreff", "objet", "onderwerp", "cc", "verzonden", "aan", "asunto", "enviado",
    ]

    /// The lower-cased name before a colon (bold markers `*` dropped), when the line looks like
    /// `Name: value`.
    private static func headerName(_ line: Substring) -> String? {
        guard line.utf8.prefix(24).contains(0x3A) else { return nil }
        let text = trimmed(line)
        guard let colon = text.prefix(16).firstIndex(of: ":") else { return nil }
        let name = text[..<colon].filter { $0 != "*" }
        guard !name.isEmpty, name.count <= 12, !name.contains(" ") else { return nil }
        return name.lowercased()
    }

    /// How many lines (1 to 3) form an attribution line starting at `index`, or `nil`.
    static func attributionSpan(_ lines: [Substring], at index: Int) -> Int? {
        // Every attribution ends with a colon within its three lines; most lines are quickly not one.
        let window = lines[index..<min(lines.count, index + 3)]
        guard window.contains(where: { trimmed($0).utf8.last == 0x3A }) else { return nil }
        var joined = ""
        for span in 1...3 where index + span - 1 < lines.count {
            let line = trimmed(lines[index + span - 1])
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
            || lower.containsBytes(" skrev") || lower.contains("<")
    }

    static func isAttribution(_ text: String) -> Bool {
        guard text.last == ":" else { return false }
        let lower = text.lowercased()
        let hasAddressOrDate = lower.contains("@") || lower.contains(where: \.isNumber)
        if lower.hasSuffix("wrote:") { return lower.hasPrefix("on ") || hasAddressOrDate }
        if lower.hasSuffix("skrev følgende:") || lower.hasSuffix("skrev følgende :") { return true }
        if lower.containsBytes(" skrev") || lower.hasPrefix("skrev") {
            return hasAddressOrDate || lower.hasPrefix("den ")
        }
        for verb in ["schrieb", "a écrit", "schreef", "escribió", "kirjoitti"] where lower.containsBytes(verb) {
            return hasAddressOrDate
        }
        return false
    }

    /// `-- ` (RFC 3676's signature separator), also without its space.
    static func isSignatureDelimiter(_ line: Substring) -> Bool {
        line == "-- " || line == "--" || line == "-- \r" || line == "--\r"
    }

    /// A mail client's "sent from" footer.
    static func isMobileFooter(_ line: Substring) -> Bool {
        // Most lines are told apart by their first two bytes, without lower-casing the line.
        var bytes = line.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next(), line.utf8.count < 200,
            footerStarts.contains(UInt16(asciiLowercase(first)) << 8 | UInt16(asciiLowercase(second)))
        else {
            return false
        }
        let lower = line.lowercased()
        return footerPrefixes.contains { lower.hasPrefix($0) }
    }

    /// The first two bytes of the footer prefixes (a non-ASCII second byte is the lead byte of
    /// its letter, the same in either case for the letters used).
    private static let footerStarts = Set(
        footerPrefixes.map { prefix in
            let bytes = Array(prefix.utf8)
            return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        })

    @inline(__always)
    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
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
