import Foundation
import HarkCore
import HarkStore

/// How `hark export` and `GET /api/v1/export` write mentions: CSV or JSON Lines, one line per
/// mention, with the author's name and address left out for a caller who may not see them.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, jsonl

    /// What a response says it is.
    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8; header=present"
        case .jsonl: "application/jsonl; charset=utf-8"
        }
    }

    /// The first line, if the format has one (with its line end).
    public var header: String? {
        self == .csv ? ExportCSV.header + "\r\n" : nil
    }

    /// A page of mentions, one line each with its line end (one encoder for the page). JSON
    /// lines carry each mention's `customer` and `issue` from `recurrence`.
    public func lines(
        _ mentions: [Mention], redactPersonalData: Bool, now: Date, recurrence: [MentionID: RecurrenceSummary] = [:]
    ) -> String {
        var text = ""
        switch self {
        case .csv:
            for mention in mentions { text += ExportCSV.row(mention, redactPersonalData: redactPersonalData) + "\r\n" }
        case .jsonl:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for mention in mentions {
                let json = MentionJSON(
                    mention: mention, redactPersonalData: redactPersonalData, now: now, recurrence: recurrence[mention.id])
                text += ((try? encoder.encode(json)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
            }
        }
        return text
    }
}

/// CSV (RFC 4180, CRLF line ends) with formula cells neutralised: a cell starting with `=`, `+`,
/// `-`, `@`, tab or CR gets a leading `'`, so a spreadsheet shows it as text instead of running it
/// (OWASP's advice on CSV injection).
public enum ExportCSV {
    public static let header =
        "id,received_at,source,channel,status,severity,category,language,author_name,author_address,title,subject,text,link"

    public static func row(_ mention: Mention, redactPersonalData: Bool = false) -> String {
        let assessment = mention.effectiveAssessment
        return [
            mention.id.rawValue, RFC3339.string(mention.receivedAt), mention.source.rawValue, mention.channel.rawValue,
            mention.status.rawValue, assessment?.severity.rawValue, assessment?.category.rawValue, assessment?.language,
            redactPersonalData ? nil : mention.author.name, redactPersonalData ? nil : mention.author.address,
            mention.title, mention.subject, mention.text, mention.link,
        ].map { cell($0 ?? "") }.joined(separator: ",")
    }

    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
