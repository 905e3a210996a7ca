import Foundation
import HarkCore
import HarkMail
import Testing

/// The imap_tools messages against the decoded fields its tests expect (`expectations.jsonl`):
/// subject, from, to, cc, date, text, html and attachments, at least 95% of them.
@Suite struct MailImapToolsConformanceTests {
    /// Python's `email` gives naive dates for zone-less values and 1900-01-01 for unreadable ones.
    static func expectedDate(_ text: String) -> Date?? {
        if text.hasPrefix("1900-01-01") { return .some(nil) }
        let withZone = text.count == 19 ? text + "Z" : text
        guard let date = RFC3339.parse(withZone) else { return nil }
        return .some(date)
    }

    /// Python wrote undecodable bytes as lone surrogates (`\udc80`), which JSONSerialization refuses.
    static func withoutLoneSurrogates(_ line: Substring) -> String {
        let pattern = try! NSRegularExpression(pattern: #"(?<!\\ud[89ab][0-9a-f]{2})\\udc[89a-f][0-9a-f]"#)
        let text = String(line)
        return pattern.stringByReplacingMatches(
            in: text,
            range: NSRange(text.startIndex..., in: text),
            withTemplate: #"\\ufffd"#
        )
    }

    static func addresses(_ value: Any?) -> [String] {
        (value as? [String] ?? []).map { $0.lowercased() }
    }

    static func attachmentKeys(_ value: Any?) -> [String] {
        (value as? [[String: Any]] ?? []).map { attachment in
            let payload = attachment["payload"] as? [String: Any] ?? [:]
            return [
                attachment["filename"] as? String ?? "", (attachment["content_type"] as? String ?? "").lowercased(),
                "\(payload["size"] as? Int ?? -1)", payload["sha256"] as? String ?? "",
            ].joined(separator: "|")
        }.sorted()
    }

    @Test func fieldsMatchTheExpectations() throws {
        guard let folder = MailCorpus.folder("imap_tools"),
            let lines = MailCorpus.bytes(folder.appendingPathComponent("expectations.jsonl"))
        else { return }
        var total = 0
        var matched = 0
        var perField: [String: (Int, Int)] = [:]
        var failures: [String] = []
        for line in String(decoding: lines, as: UTF8.self).split(separator: "\n") {
            let row = try #require(
                try JSONSerialization.jsonObject(with: Data(Self.withoutLoneSurrogates(line).utf8)) as? [String: Any]
            )
            let path = try #require(row["eml"] as? String)
            let expected = try #require(row["expected"] as? [String: Any])
            guard let bytes = MailCorpus.bytes(folder.appendingPathComponent(path)) else {
                Issue.record("missing \(path)")
                continue
            }
            let message = MailParser.parse(bytes)
            let attachments = message.attachments.map {
                [$0.filename ?? "", $0.contentType, "\($0.size)", $0.sha256].joined(separator: "|")
            }.sorted()
            var checks: [(String, Bool, String)] = [
                (
                    "subject",
                    MailCorpus.squeezed(message.subject ?? "")
                        == MailCorpus.squeezed(expected["subject"] as? String ?? ""),
                    message.subject ?? "nil"
                ),
                (
                    "from",
                    (message.from?.address.lowercased() ?? "") == (expected["from_"] as? String ?? "").lowercased(),
                    message.from?.address ?? "nil"
                ),
                (
                    "to", message.to.map { $0.address.lowercased() } == Self.addresses(expected["to"]),
                    "\(message.to.map(\.address))"
                ),
                (
                    "cc", message.cc.map { $0.address.lowercased() } == Self.addresses(expected["cc"]),
                    "\(message.cc.map(\.address))"
                ),
                (
                    "text",
                    MailCorpus.squeezed(message.textIsFromHTML ? "" : message.text)
                        == MailCorpus.squeezed(expected["text"] as? String ?? ""), String(message.text.prefix(80))
                ),
                (
                    "html",
                    MailCorpus.squeezed(message.html ?? "") == MailCorpus.squeezed(expected["html"] as? String ?? ""),
                    String((message.html ?? "nil").prefix(80))
                ),
                ("attachments", attachments == Self.attachmentKeys(expected["attachments"]), "\(attachments)"),
            ]
            if let wanted = Self.expectedDate(expected["date"] as? String ?? "") {
                checks.append(("date", message.date == wanted, message.date.map(RFC3339.string) ?? "nil"))
            } else {
                checks.append(("date", false, "unreadable expectation"))
            }
            for (field, ok, got) in checks {
                total += 1
                perField[field, default: (0, 0)].1 += 1
                if ok {
                    matched += 1
                    perField[field, default: (0, 0)].0 += 1
                } else {
                    failures.append("\(path) \(field): got \(got)")
                }
            }
        }
        print("imap_tools: \(matched)/\(total) fields (\(MailCorpus.percent(matched, total)))")
        for (field, counts) in perField.sorted(by: { $0.key < $1.key }) {
            print("  \(field): \(counts.0)/\(counts.1)")
        }
        for failure in failures { print("  differs: \(failure)") }
        #expect(Double(matched) >= 0.95 * Double(total))
    }
}
