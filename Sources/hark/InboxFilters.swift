import ArgumentParser
import Foundation
import HarkCore
import HarkServer
import HarkStore

/// The inbox filters shared by `inbox list` and `export`.
struct InboxFilters: ParsableArguments {
    @Option(help: "new, acknowledged, in_progress, resolved, closed or dismissed.") var status: String?
    @Option(help: "none, dissatisfied or very_dissatisfied.") var severity: String?
    @Option(help: "A complaint category.") var category: String?
    @Option(help: "mail, feed or webhook.") var channel: String?
    @Option(help: "A source id.") var source: String?
    @Option(help: "en, da, no, sv or und.") var language: String?
    @Option(help: "A brand name.") var brand: String?
    @Option(name: .customLong("q"), help: "Words that must all appear.") var text: String?
    @Option(help: "Received at or after (RFC 3339).") var since: String?
    @Option(help: "Received before (RFC 3339).") var until: String?

    func query(limit: Int) throws -> MentionQuery {
        func parse<T: RawRepresentable<String>>(_ value: String?, _ name: String) throws -> T? {
            guard let value else { return nil }
            guard let parsed = T(rawValue: value) else { throw ValidationError("invalid --\(name) \(value)") }
            return parsed
        }
        func date(_ value: String?, _ name: String) throws -> Date? {
            guard let value else { return nil }
            guard let parsed = RFC3339.parse(value) else { throw ValidationError("--\(name) must be an RFC 3339 time") }
            return parsed
        }
        var sourceID: SourceID?
        if let source {
            guard let id = SourceID(source) else { throw ValidationError("invalid --source") }
            sourceID = id
        }
        return MentionQuery(
            status: try parse(status, "status"), severity: try parse(severity, "severity"),
            category: try parse(category, "category"), channel: try parse(channel, "channel"), source: sourceID,
            language: language, brand: brand, text: text, since: try date(since, "since"),
            until: try date(until, "until"), limit: limit)
    }
}

enum Output {
    static func jsonLine(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A table cell: one line, control characters and ANSI escapes removed, at most `width` characters.
    static func cell(_ text: String?, width: Int) -> String {
        let line = TextCleanup.singleLine(text ?? "") ?? "-"
        let clipped = line.count > width ? String(line.prefix(width - 1)) + "…" : line
        return clipped.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
