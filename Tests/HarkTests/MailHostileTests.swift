import Foundation
import HarkCore
import HarkMail
import Testing

/// The hostile mail of reliability.md §4.2: every input parses without a crash, in bounded time,
/// to clean text, with its defects recorded and cuts flagged.
@Suite struct MailHostileTests {
    /// Parses and checks the universal post-conditions. `seconds` only catches a hang or a blow-up
    /// on a loaded debug build; speed is measured in bench/, never here.
    @discardableResult
    static func parse(_ bytes: [UInt8], within seconds: Double = 60, _ comment: Comment? = nil) -> MailMessage {
        let clock = ContinuousClock()
        var message = MailMessage()
        let elapsed = clock.measure { message = MailParser.parse(bytes) }
        #expect(elapsed < .seconds(seconds), comment)
        MailFixtures.expectClean(message, comment)
        return message
    }

    static func bytes(_ text: String) -> [UInt8] { MailFixtures.message(text) }

    @Test func headerInjectionThroughEncodedWordsAndRawLineBreaks() throws {
        let message = Self.parse(try MailFixtures.bytes("crlf-injection.eml"))
        #expect(message.subject == "Hi Bcc: victim@x")
        #expect(message.from?.address == "kari@example.no")
        #expect(message.from?.name?.contains("\r") == false)
        #expect(message.replyTo == [MailAddress(name: "Evil X-Injected: yes", address: "evil@example.org")])
        #expect(message.text == "Body with a NUL  and a bell  and an escape [31m here.")
    }

    @Test(arguments: ["\n", "\r"])
    func bareLineEndsParseLikeCRLF(_ end: String) throws {
        let crlf = try MailFixtures.bytes("nested-related.eml")
        let converted = Array(String(decoding: crlf, as: UTF8.self).replacingOccurrences(of: "\r\n", with: end).utf8)
        let original = MailParser.parse(crlf)
        let message = Self.parse(converted)
        #expect(message.text == original.text && message.html == original.html)
        #expect(message.attachments == original.attachments)
    }

    @Test func smtpSmugglingShapesStayText() throws {
        let message = Self.parse(try MailFixtures.bytes("smtp-smuggling.eml"))
        #expect(message.text == "first line\n.\nMAIL FROM:<x@evil>\n\n.\n\n.\nlast line")
    }

    @Test func oneMegabyteHeaderLine() {
        let message = Self.parse(
            Self.bytes("Subject: " + String(repeating: "A", count: 1_000_000) + "\nFrom: a@b.example\n\nbody")
        )
        #expect(message.hasFlag(.truncated))
        #expect((message.subject?.utf8.count ?? 0) <= 100 * 1024)
        #expect(message.text == "body")
    }

    @Test func tenThousandHeaders() {
        var text = "From: a@b.example\n"
        for index in 0..<10_000 { text += "X-Header-\(index): value \(index)\n" }
        let message = Self.parse(Self.bytes(text + "\nbody"))
        #expect(message.hasFlag(.truncated) && message.defects.map(\.code).contains(.headerTooLarge))
        #expect(message.from?.address == "a@b.example")
        #expect(message.text == "body")
        #expect(message.headers.count < 10_000)
    }

    @Test func foldedHeaderThatNeverEnds() {
        let message = Self.parse(
            Self.bytes("From: a@b.example\nSubject: start\n" + String(repeating: " more words\n", count: 200_000))
        )
        #expect(message.hasFlag(.truncated))
        #expect(message.subject?.hasPrefix("start more words") == true)
    }

    @Test func messageIDsMissingHugeAndDuplicated() {
        #expect(Self.parse(Self.bytes("From: a@b.example\n\nx")).messageID == nil)
        let huge = Self.parse(Self.bytes("Message-ID: <" + String(repeating: "x", count: 100_000) + "@b>\n\nx"))
        #expect((huge.messageID?.count ?? 0) > 1000 && (huge.messageID?.utf8.count ?? 0) <= 100 * 1024)
        let duplicated = Self.parse(Self.bytes("Message-ID: <one@b>\nMessage-ID: <two@b>\n\nx"))
        #expect(duplicated.messageID == "one@b")
        #expect(duplicated.defects.map(\.code).contains(.duplicateMessageID))
    }

    @Test func multipartNestedAThousandDeep() {
        var text = "From: a@b.example\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n"
        for level in 0..<1000 {
            text += "--b\(level)\nContent-Type: text/plain\n\nlevel \(level)\n"
            text += "--b\(level)\nContent-Type: multipart/mixed; boundary=\"b\(level + 1)\"\n\n"
        }
        let message = Self.parse(Self.bytes(text))
        #expect(message.defects.map(\.code).contains(.tooDeep))
        #expect(message.hasFlag(.truncated))
        #expect(message.text.hasPrefix("level 0\nlevel 1\n"))
        #expect(message.text.contains("level 30"))
    }

    @Test func messageRFC822RecursionAThousandDeep() {
        var text = "body at the bottom\n"
        for level in 0..<1000 { text = "Subject: level \(level)\nContent-Type: message/rfc822\n\n" + text }
        let message = Self.parse(Self.bytes("From: a@b.example\n" + text))
        #expect(message.defects.map(\.code).contains(.tooDeep))
        #expect(message.attachments.count <= 33)
    }

    @Test func tenThousandParts() {
        var text = "From: a@b.example\nContent-Type: multipart/mixed; boundary=\"p\"\n\n"
        for index in 0..<10_000 { text += "--p\nContent-Type: application/octet-stream\n\npart \(index)\n" }
        let message = Self.parse(Self.bytes(text + "--p--\n"))
        #expect(message.defects.map(\.code).contains(.tooManyParts))
        #expect(message.hasFlag(.truncated))
        #expect(message.attachments.count < 500 && message.attachments.count > 400)
    }

    @Test func missingAndNeverClosedBoundariesKeepTheirText() throws {
        #expect(Self.parse(try MailFixtures.bytes("missing-boundary.eml")).text.hasPrefix("The boundary never appears"))
        #expect(Self.parse(try MailFixtures.bytes("never-closed.eml")).text.hasSuffix("without a closing delimiter"))
    }

    @Test func badEncodingsAndCharsetsDecodeWithReplacement() throws {
        for name in [
            "bad-encodings.eml", "utf7-html.eml", "iso-2022-jp.eml", "eight-bit-headers.eml", "unlabelled-8bit.eml",
        ] {
            let message = Self.parse(try MailFixtures.bytes(name), Comment(rawValue: name))
            #expect(!message.defects.isEmpty || name == "iso-2022-jp.eml", "\(name)")
        }
        let garbage = Self.parse(
            Array("Subject: \u{1}\u{2}\n\n".utf8) + (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        )
        #expect(!garbage.text.isEmpty)
    }

    @Test func fiftyMegabyteAttachmentIsHashedNotKept() {
        var generator = SystemRandomNumberGenerator()
        let block = (0..<(1024 * 1024)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let payload = Array(repeating: block, count: 50).flatMap { $0 }
        let encoded = Data(payload).base64EncodedData(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        var message = Array(
            ("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n\r\n--big\r\n"
                + "Content-Type: text/plain\r\n\r\nSee attached.\r\n--big\r\n"
                + "Content-Type: application/octet-stream; name=\"big.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .utf8
        )
        message += encoded
        message += Array("\r\n--big--\r\n".utf8)
        let parsed = Self.parse(message)
        #expect(parsed.text == "See attached.")
        #expect(parsed.attachments.map(\.size) == [payload.count])
        #expect(parsed.attachments.first?.sha256 == DedupKey.contentDigest(payload))
        #expect(parsed.defects.isEmpty)
    }

    @Test func zipAttachmentIsNeverOpened() throws {
        let message = Self.parse(try MailFixtures.bytes("zip-attachment.eml"))
        #expect(message.attachments.map(\.contentType) == ["application/zip"])
        #expect(!message.text.contains("000000"))
    }

    @Test func spoofedSenderAndForgedReceivedAreOnlyRecorded() throws {
        let message = Self.parse(try MailFixtures.bytes("spoofed-sender.eml"))
        #expect(message.from?.address == "attacker@evil.example")
        #expect(message.from?.name == "support@brand.com")
        #expect(message.flags.isEmpty)
    }

    @Test(arguments: ["Date: Mon, 1 Jan 0000 00:00:00 +0000", "Date: next Tuesday", "Date: ", "X-No-Date: x"])
    func invalidDatesAreNull(_ field: String) {
        let message = Self.parse(Self.bytes("From: a@b.example\n\(field)\n\nx"))
        #expect(message.date == nil)
        if field.hasPrefix("Date: "), field != "Date: " { #expect(message.defects.map(\.code).contains(.invalidDate)) }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let seeds = MailFixtures.all.compactMap { try? MailFixtures.bytes($0) }
        for round in 0..<300 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + round % 20) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch round % 3 {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.insert(contentsOf: Array("\r\n--=?=\"<(".utf8).shuffled(using: &generator), at: index)
                default: bytes.removeSubrange(index..<min(bytes.count, index + 7))
                }
            }
            Self.parse(bytes)
        }
    }
}
