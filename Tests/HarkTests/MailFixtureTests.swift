import Foundation
import HarkCore
import HarkMail
import Testing

/// The hand-written fixtures: headers, encodings, structure and bodies read as a mail client would.
@Suite struct MailFixtureTests {
    @Test func everyFixtureParsesClean() throws {
        #expect(MailFixtures.all.count >= 30)
        for name in MailFixtures.all {
            MailFixtures.expectClean(try MailFixtures.parse(name), "\(name)")
        }
    }

    @Test func foldedHeadersThreadingAndEncodedSubject() throws {
        let message = try MailFixtures.parse("plain-folded.eml")
        #expect(message.messageID == "CAF1234.5678@mail.example.no")
        #expect(message.inReplyTo == "ticket-991@support.example.com")
        #expect(message.references == ["ticket-990@support.example.com", "ticket-991@support.example.com"])
        #expect(message.subject == "Strømregningen er feil igjen")
        #expect(message.from == MailAddress(name: "Nordmann, Kari", address: "kari@example.no"))
        #expect(
            message.to == [
                MailAddress(name: "Support", address: "support@example.com"),
                MailAddress(name: "Ola (sales)", address: "ola@example.com"),
            ]
        )
        #expect(message.cc == [MailAddress(name: "Jørgen Hansen", address: "jorgen@example.dk")])
        #expect(message.date.map(RFC3339.string) == "2026-03-03T08:15:00Z")
        #expect(message.dateZoneOffsetMinutes == 60)
        #expect(
            message.text
                == "Hei,\n\nstrømregningen for februar er feil igjen.\nJeg har betalt 1 200 kr for mye.\n\nHilsen Kari"
        )
        #expect(message.html == nil && !message.textIsFromHTML)
        #expect(message.defects.isEmpty && message.flags.isEmpty)
        #expect(message.header("received")?.hasPrefix("from mx.example.no") == true)
    }

    @Test func obsoleteSyntax() throws {
        let message = try MailFixtures.parse("obsolete-syntax.eml")
        #expect(message.from == MailAddress(name: "John Doe", address: "jdoe@machine.example"))
        #expect(message.to.map(\.address) == ["mary@example.net", "jdoe@test.example"])
        #expect(message.subject == "Saying Hello")
        #expect(message.messageID == "1234@local.machine.example")
        #expect(message.date.map(RFC3339.string) == "1997-11-21T14:55:06Z")
        #expect(message.text == "This is a message just to say hello.")
    }

    @Test func eightBitHeadersAreUTF8ElseWindows1252() throws {
        let message = try MailFixtures.parse("eight-bit-headers.eml")
        #expect(message.subject == "Fejl på fakturaen – igen")
        #expect(message.from == MailAddress(name: "Åse Ærø", address: "ase@example.dk"))
        #expect(message.defects.map(\.code).contains(.nonUTF8Header))
        #expect(message.text == "Fakturaen er forkert. Venlig hilsen Åse")
    }

    @Test func brokenEncodedWordsAsMailersWriteThem() throws {
        let message = try MailFixtures.parse("encoded-words.eml")
        #expect(message.from == MailAddress(name: "Björn Ek", address: "bjorn@example.se"))
        #expect(message.to == [MailAddress(name: "Svensson", address: "svensson@example.se")])
        #expect(message.subject == "Re: Beställning av kunder 😀okslut")
        #expect(message.defects.map(\.code).contains(.unknownCharset))
    }

    @Test func rfc2231AndEncodedFileNames() throws {
        let message = try MailFixtures.parse("rfc2231.eml")
        #expect(message.text == "See the files.")
        #expect(message.attachments.map(\.filename) == ["Faktura før feil.pdf", "måler.csv", "æbler.bin"])
        #expect(message.attachments.map(\.contentType) == ["application/pdf", "text/csv", "application/octet-stream"])
        // The last part has no transfer encoding: its four letters are its content.
        #expect(message.attachments.map(\.size) == [15, 8, 4])
        #expect(message.attachments[2].sha256 == "6688ea8f2669ad284d82b62ebd2893d7167cbc941caeead579361676209f70f7")
    }

    @Test func alternativeWithFlowedQuotedPrintable() throws {
        let message = try MailFixtures.parse("alternative-qp-flowed.eml")
        #expect(
            message.text
                == "Paketet kom aldrig fram och ingen svarar när jag ringer. Jag har väntat i tre veckor.\n\nMvh\nKund"
        )
        #expect(message.html?.contains("charset=utf-8") == true)
        #expect(message.html?.contains("<p>Paketet kom aldrig fram och ingen svarar när jag ringer.</p>") == true)
        #expect(message.attachments.isEmpty)
    }

    @Test func nestedRelatedBodiesAndInlineImage() throws {
        let message = try MailFixtures.parse("nested-related.eml")
        #expect(message.text == "Takk for ordren.")
        #expect(message.html == "<p>Takk for <b>ordren</b>.</p><img src=\"cid:logo@shop\">")
        #expect(message.attachments.map(\.contentType) == ["image/png", "application/pdf"])
        #expect(message.attachments[0].contentID == "logo@shop" && message.attachments[0].isInline)
        #expect(message.attachments[0].size == 48)
        #expect(message.attachments[1].filename == "ordre.pdf")
        #expect(message.defects.isEmpty)
    }

    @Test func htmlOnlyBecomesText() throws {
        let message = try MailFixtures.parse("html-only.eml")
        #expect(message.textIsFromHTML)
        #expect(message.text == "Min ordre er forsinket – igen.\n\nVenlig hilsen\nMette")
        #expect(message.html?.contains("<meta charset=\"utf-8\">") == true)
        #expect(message.newText == "Min ordre er forsinket – igen.\n\nVenlig hilsen\nMette")
    }

    @Test func charsets() throws {
        let japanese = try MailFixtures.parse("iso-2022-jp.eml")
        #expect(japanese.text == "こんにちは、請求書が間違っています。")
        #expect(japanese.subject == "請求書")
        #expect(japanese.from?.name == "山田")
        let latin = try MailFixtures.parse("unlabelled-8bit.eml")
        #expect(latin.text == "Kære kundeservice, jeg vil klage over måleren – €50 for meget.")
        #expect(latin.defects.map(\.code) == [.unlabelled8Bit])
        let utf7 = try MailFixtures.parse("utf7-html.eml")
        #expect(utf7.html == nil)
        #expect(utf7.text == "Hei å deg")
        #expect(utf7.defects.map(\.code).contains(.utf7HTML))
    }

    @Test func digestPartsDefaultToMessages() throws {
        let message = try MailFixtures.parse("digest.eml")
        #expect(message.attachments.map(\.contentType) == ["message/rfc822", "message/rfc822"])
        #expect(message.text == "one\ntwo")
        #expect(message.newText == "one\ntwo")
    }

    @Test func forwardedMessageIsListedAndReadButNotNew() throws {
        let message = try MailFixtures.parse("forwarded-rfc822.eml")
        #expect(message.attachments.map(\.filename) == ["complaint.eml"])
        #expect(message.attachments.first?.contentType == "message/rfc822")
        #expect(message.text == "Forwarding my wife's complaint.\nThe meter reading on my bill is wrong.")
        #expect(message.newText == "Forwarding my wife's complaint.")
    }

    @Test func zipAttachmentIsHashedNotOpened() throws {
        let message = try MailFixtures.parse("zip-attachment.eml")
        let expected = String(decoding: try MailFixtures.bytes("zip-attachment.sha256"), as: UTF8.self).split(
            separator: " "
        )
        #expect(message.attachments.count == 1)
        #expect(message.attachments.first?.sha256 == String(expected[0]))
        #expect(message.attachments.first?.size == Int(expected[1].trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(message.attachments.first?.filename == "logs.zip")
        #expect(message.text == "Logs attached.")
    }

    @Test func spoofedDisplayNameKeepsBoth() throws {
        let message = try MailFixtures.parse("spoofed-sender.eml")
        #expect(message.from == MailAddress(name: "support@brand.com", address: "attacker@evil.example"))
        #expect(message.header("Authentication-Results") == "mx.example.com; spf=fail smtp.mailfrom=evil.example")
    }
}
