import HarkCore

/// The text of a Slack-compatible alert, with everything that came from a customer escaped.
///
/// Slack reads `<...>` as links and mentions (`<!channel>` pings everyone) and `&` as the start of
/// an entity: those three are escaped as Slack documents (`&amp;`, `&lt;`, `&gt;`), so a mention's
/// text can neither ping a channel nor forge a link.
enum SlackText {
    static func alert(_ kind: OutboxKind, _ summary: AlertSummary, missed deadline: String?) -> String {
        var lines: [String] = []
        let brand = summary.brands.isEmpty ? "" : " about \(escape(summary.brands.joined(separator: ", ")))"
        switch kind {
        case .slaBreach:
            let what = deadline == "follow_up" ? "The follow-up" : "The first response"
            lines.append(":hourglass: *Overdue*: \(what) to a \(words(summary.severity)) customer\(brand) is late.")
        default:
            lines.append(":rotating_light: *Very dissatisfied customer*\(brand): call them, fast.")
        }
        if let title = summary.title { lines.append("*\(escape(title))*") }
        if !summary.excerpt.isEmpty { lines.append("> \(escape(summary.excerpt))") }
        var facts = ["\(escape(summary.source)) (\(summary.channel))", "status \(summary.status)"]
        if let category = summary.category, category != "none" { facts.append("category \(category)") }
        if let due = summary.dueAt { facts.append("due \(due)") }
        lines.append(facts.joined(separator: " · "))
        if let url = summary.url {
            lines.append("<\(escape(url))|Open in Hark>")
        } else {
            lines.append("Mention \(summary.id)")
        }
        return lines.joined(separator: "\n")
    }

    /// `&`, `<` and `>` escaped, control characters removed.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) {
                    out.append(character)
                } else {
                    out.append(" ")
                }
            }
        }
        return out
    }

    private static func words(_ severity: String?) -> String {
        switch severity {
        case "very_dissatisfied": "very dissatisfied"
        case "dissatisfied": "dissatisfied"
        default: "complaining"
        }
    }
}
