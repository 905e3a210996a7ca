import Foundation
import HarkMail
import HarkTesting
import Testing

/// `hark parse mail FILE...` (spec/interface.md): one JSON object per file, keys in the documented
/// order, exit 1 for a file that cannot be read.
@Suite struct MailCommandTests {
    static let keys = [
        "message_id", "in_reply_to", "references", "subject", "from", "to", "cc", "date", "text", "html", "new_text",
        "attachments", "defects", "flags",
    ]

    @Test func printsOneObjectPerFileInTheDocumentedShape() throws {
        let files = ["plain-folded.eml", "nested-related.eml", "bounce-report.eml"].map {
            MailFixtures.folder.appendingPathComponent($0).path
        }
        let result = try CommandResult.run(try DaemonProcess.binary(), ["parse", "mail"] + files, timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == Set(Self.keys))
            let order = Self.keys.compactMap { key in line.range(of: "\"\(key)\":")?.lowerBound }
            #expect(order == order.sorted() && order.count == Self.keys.count, "keys out of order")
        }
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["message_id"] as? String == "CAF1234.5678@mail.example.no")
        #expect(first["date"] as? String == "2026-03-03T08:15:00Z")
        #expect((first["from"] as? [String: Any])?["address"] as? String == "kari@example.no")
        #expect(first["html"] is NSNull)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        let attachments = try #require(second["attachments"] as? [[String: Any]])
        #expect(
            attachments.map { Set($0.keys) } == [Set(["filename", "content_type", "size", "sha256"])] + [
                Set(["filename", "content_type", "size", "sha256"])
            ]
        )
        #expect(attachments.first?["filename"] is NSNull)
        let third = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        #expect(third["flags"] as? [String] == ["bounce"])
    }

    @Test func anUnreadableFileIsAUserError() throws {
        let good = MailFixtures.folder.appendingPathComponent("plain-folded.eml").path
        let result = try CommandResult.run(
            try DaemonProcess.binary(),
            ["parse", "mail", "/nonexistent/message.eml", good],
            timeout: 60
        )
        #expect(result.status == 1)
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("cannot read"))
    }

    @Test func jsonMatchesTheLibrary() throws {
        let message = try MailFixtures.parse("crlf-injection.eml")
        let json = message.inspectionJSON
        #expect(!json.contains("\n") && !json.contains("\r"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["subject"] as? String == message.subject)
        #expect(object["text"] as? String == message.text)
    }
}
