import Foundation
import HarkMail
import Testing

/// The mail fixtures under `Fixtures/mail/` (written for these tests, CRLF line ends as on the wire).
enum MailFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/mail"
    )

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = folder.appendingPathComponent(name)
        return try #require(
            FileManager.default.contents(atPath: url.path).map { [UInt8]($0) },
            "missing fixture \(name)"
        )
    }

    static func parse(_ name: String) throws -> MailMessage {
        MailParser.parse(try bytes(name))
    }

    /// Every fixture file name.
    static var all: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".eml") }
            .sorted()
    }

    /// `text` as CRLF-terminated message bytes (test sources are written with `\n`).
    static func message(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    /// What every parsed message must satisfy, however hostile the input: valid UTF-8 (Swift strings
    /// are) without control characters except tab and newline in bodies, none at all in one-line fields.
    static func expectClean(_ message: MailMessage, _ comment: Comment? = nil) {
        func bodyClean(_ text: String) -> Bool {
            !text.unicodeScalars.contains {
                ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
            }
        }
        func lineClean(_ text: String) -> Bool {
            !text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" }
        }
        for text in [message.text, message.newText, message.html ?? ""] { #expect(bodyClean(text), comment) }
        var lines = [message.subject, message.messageID, message.inReplyTo, message.from?.name, message.from?.address]
        lines += message.references.map(Optional.some)
        lines += (message.to + message.cc + message.replyTo).flatMap { [$0.name, $0.address] }
        lines += message.attachments.flatMap { [$0.filename, $0.contentType, $0.contentID] }
        lines += message.headers.flatMap { [$0.name, $0.value] }
        for line in lines.compactMap({ $0 }) { #expect(lineClean(line), comment) }
    }
}
