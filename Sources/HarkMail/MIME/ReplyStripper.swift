import HarkCore

/// The new text of a reply: the body without quoted replies, forwarded originals, signatures and
/// mobile footers.
///
/// Reply headers are recognised in English, Danish, Norwegian and Swedish (and the common German,
/// French, Dutch and Spanish forms): attribution lines (`On … wrote:`, `Den … skrev …:`,
/// `… skrev følgende:`), Outlook header blocks (`From:`/`Fra:`/`Från:` followed by `Sent:`/`Sendt:`/
/// `Skickat:` and the like), Outlook and Apple separators (`-----Original Message-----`,
/// `-----Oprindelig meddelelse-----`, `-----Opprinnelig melding-----`,
/// `-----Ursprungligt meddelande-----`, `Begin forwarded message:`). An attribution followed by
/// `>`-quoted lines only removes itself (the reply may go on below, bottom-posted); any other reply
/// header ends the new text. `>` lines go everywhere, and so does everything after a `-- ` line.
enum ReplyStripper {
    static func newText(_ text: String) -> String {
        // Split on the UTF-8 bytes: splitting a String by Character walks grapheme clusters, which
        // showed as a tenth of all the time the mail source spends on a message.
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        var kept: [Substring] = []
        var index = 0
        scan: while index < lines.count {
            let line = lines[index]
            let trimmed = ReplyPatterns.trimmed(line)
            if trimmed.hasPrefix(">") {
                index += 1
                continue
            }
            if ReplyPatterns.isSeparator(trimmed) || ReplyPatterns.isHeaderBlock(lines, at: index)
                || ReplyPatterns.isSignatureDelimiter(line) || ReplyPatterns.isRuleBeforeHeaderBlock(lines, at: index)
            {
                break scan
            }
            if let span = ReplyPatterns.attributionSpan(lines, at: index) {
                var next = index + span
                while next < lines.count, ReplyPatterns.trimmed(lines[next]).isEmpty { next += 1 }
                guard next < lines.count, ReplyPatterns.trimmed(lines[next]).hasPrefix(">") else {
                    break scan
                }
                index += span
                continue
            }
            if !ReplyPatterns.isMobileFooter(trimmed) { kept.append(line) }
            index += 1
        }
        return collapseBlankLines(kept)
    }

    /// Joined lines with runs of blank lines made one, trimmed.
    private static func collapseBlankLines(_ lines: [Substring]) -> String {
        var out: [Substring] = []
        var previousBlank = true
        for line in lines {
            let blank = line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            if blank && previousBlank { continue }
            out.append(blank ? "" : line)
            previousBlank = blank
        }
        return TextCleanup.body(out.joined(separator: "\n"))
    }
}
