import Foundation
import HarkCore
import HarkMail
import Testing

/// The outgoing acknowledgement, without a network: templates in four languages, the policy that
/// decides who gets one, the message builder under header-injection attack, and the reply context
/// read from parsed mail.
@Suite struct AcknowledgementMailTests {
    static let sender = MailAddress(name: "Nordlys Kundeservice", address: "kundeservice@nordlys.no")
    static let date = Date(timeIntervalSince1970: 1_772_532_000)  // Tue, 03 Mar 2026 10:00:00 +0000
    static let templates = AcknowledgementTemplates()

    static func values(name: String? = "Kari", subject: String? = "Levering") -> AcknowledgementValues {
        AcknowledgementValues(name: name, subject: subject, brand: "Nordlys", reference: "HK-7Q2M")
    }

    /// Builds an acknowledgement to `name <kari@example.no>` about `subject`.
    static func build(
        name: String?, subject: String?, context: ReplyContext? = nil, language: String = "no"
    ) -> Data {
        let text = templates.render(language: language, values: values(name: name, subject: subject))
        return AcknowledgementMail.build(
            from: sender, to: MailAddress(name: name, address: "kari@example.no"), text: text, context: context,
            messageID: AcknowledgementMail.messageID(outboxID: "42", sender: sender.address), date: date)
    }

    /// The header lines (folded lines as they are) and the body of a built message.
    static func split(_ data: Data) -> (lines: [String], body: String) {
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        return (parts[0].components(separatedBy: "\r\n"), parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The field names of the header, in order (continuation lines belong to their field).
    static func fieldNames(_ lines: [String]) -> [String] {
        lines.filter { !$0.hasPrefix(" ") }.map { String($0.prefix { $0 != ":" }) }
    }

    static let expectedFields = [
        "From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted", "X-Auto-Response-Suppress", "Precedence",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Language",
    ]

    /// Quoted-printable decoding, for checking the body.
    static func decodeQP(_ body: String) -> String {
        let joined = Array(body.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var out: [UInt8] = []
        var index = 0
        while index < joined.count {
            if joined[index] == UInt8(ascii: "="), index + 2 < joined.count,
                let byte = UInt8(String(decoding: joined[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                out.append(byte)
                index += 3
            } else {
                out.append(joined[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every line ends in CRLF: no CR or LF stands alone anywhere.
    static func allCRLF(_ data: Data) -> Bool {
        let bytes = [UInt8](data)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A { return false }
            if byte == 0x0A, index == 0 || bytes[index - 1] != 0x0D { return false }
        }
        return bytes.suffix(2) == [0x0D, 0x0A]
    }

    // MARK: - Templates

    @Test(arguments: [
        ("en", "Dear Kari,", "Dear customer,", "Kind regards"), ("da", "Kære Kari,", "Kære kunde,", "Venlig hilsen"),
        ("no", "Kjære Kari,", "Kjære kunde,", "Vennlig hilsen"),
        ("sv", "Bästa Kari,", "Bästa kund,", "Vänliga hälsningar"),
    ])
    func defaultTemplates(language: String, greeting: String, neutral: String, closing: String) {
        let text = Self.templates.render(language: language, values: Self.values())
        #expect(text.language == language)
        #expect(text.subject == "Re: Levering")
        #expect(text.body.hasPrefix(greeting + "\n\n"), "\(text.body)")
        #expect(text.body.contains("HK-7Q2M") && text.body.contains("Nordlys") && text.body.contains(closing))
        #expect(!text.body.contains("{") && !text.body.contains("}"))
        #expect(AcknowledgementTemplates.problems(in: AcknowledgementTemplates.defaults).isEmpty)

        let anonymous = Self.templates.render(language: language, values: Self.values(name: nil, subject: nil))
        #expect(anonymous.body.hasPrefix(neutral + "\n\n"), "\(anonymous.body)")
        #expect(anonymous.subject.hasPrefix("Re: ") && anonymous.subject.count > 6)
        let addressAsName = Self.templates.render(language: language, values: Self.values(name: "kari@example.no"))
        #expect(addressAsName.body.hasPrefix(neutral))
    }

    @Test func languageTagsOverridesAndReplyPrefixes() {
        #expect(Self.templates.render(language: "da-DK", values: Self.values()).language == "da")
        #expect(Self.templates.render(language: "nb", values: Self.values()).language == "no")
        #expect(Self.templates.render(language: "nn_NO", values: Self.values()).language == "no")
        #expect(Self.templates.render(language: "de", values: Self.values()).language == "en")
        #expect(Self.templates.render(language: nil, values: Self.values()).language == "en")

        let custom = AcknowledgementTemplates(overrides: [
            "DE": AcknowledgementTemplate(
                subject: "AW: {subject} [{reference}]", body: "Hallo {name},\ndanke. {brand}"),
            "en": AcknowledgementTemplate(subject: "Re: {subject}", body: "Hello {name}, ref {reference}."),
        ])
        let german = custom.render(language: "de-AT", values: Self.values(name: nil))
        #expect(german.subject == "AW: Levering [HK-7Q2M]")
        #expect(german.body == "Hallo customer,\ndanke. Nordlys\n")  // no German default: the English word
        #expect(custom.render(language: "en", values: Self.values()).body == "Hello Kari, ref HK-7Q2M.\n")
        #expect(custom.render(language: "da", values: Self.values()).body.hasPrefix("Kære Kari,"))

        for subject in ["SV: Levering", "Re: RE: Levering", "  aw:Levering", "Fwd: Re: Levering"] {
            #expect(
                Self.templates.render(language: "da", values: Self.values(subject: subject)).subject == "Re: Levering")
        }
        // A value that looks like a placeholder is not expanded again.
        let sneaky = Self.templates.render(language: "en", values: Self.values(name: "{reference}", subject: "{brand}"))
        #expect(sneaky.subject == "Re: {brand}")
        #expect(sneaky.body.hasPrefix("Dear {reference},"))
    }

    @Test func placeholderValidation() {
        let problems = AcknowledgementTemplates.problems(in: [
            "da": AcknowledgementTemplate(subject: "Re: {subjekt}", body: "Hej {name}, {navn} {reference}"),
            "sv": AcknowledgementTemplate(subject: "Re:\n{subject}", body: "  "),
            "english!": AcknowledgementTemplate(subject: "Re: {subject}", body: "{name}"),
            "no": AcknowledgementTemplate(subject: "Re: {subject}", body: "Hei {name}. {not a placeholder} {}"),
        ])
        let described = problems.map(\.description)
        #expect(problems.contains { $0.language == "da" && $0.field == "subject" && $0.message.contains("{subjekt}") })
        #expect(problems.contains { $0.language == "da" && $0.field == "body" && $0.message.contains("{navn}") })
        #expect(problems.contains { $0.language == "sv" && $0.field == "subject" && $0.message.contains("one line") })
        #expect(problems.contains { $0.language == "sv" && $0.field == "body" && $0.message.contains("empty") })
        #expect(problems.contains { $0.language == "english!" && $0.field == "language" })
        #expect(!problems.contains { $0.language == "no" }, "\(described)")
        #expect(problems.count == 5, "\(described)")
        #expect(AcknowledgementTemplates.placeholderNames(in: "{a}{b_2} {c d} {{e}}") == ["a", "b_2", "e"])
    }

    // MARK: - Policy

    @Test(
        arguments: [
            (nil, [], nil, "no_address"), ("", [], nil, "no_address"),
            ("kari <kari@example.no>", [], nil, "invalid_address"),
            ("kari@example.no\r\nRCPT TO:<x@y>", [], nil, "invalid_address"),
            ("kari", [], nil, "invalid_address"), ("Kundeservice+ticket@Nordlys.no", [], nil, "own_address"),
            ("noreply@shop.example", [], nil, "no_reply_address"),
            ("No-Reply@shop.example", [], nil, "no_reply_address"),
            ("do_not_reply@shop.example", [], nil, "no_reply_address"),
            ("DoNotReply@x.example", [], nil, "no_reply_address"),
            ("MAILER-DAEMON@mx.example", [], nil, "no_reply_address"),
            ("postmaster@x.example", [], nil, "no_reply_address"),
            ("bounces+kari=example.no@lists.example", [], nil, "no_reply_address"),
            ("billing.noreply@x.example", [], nil, "no_reply_address"),
            ("bounce-123@x.example", [], nil, "no_reply_address"),
            ("kari@example.no", ["auto_reply"], nil, "automatic_mail"),
            ("kari@example.no", ["truncated", "bounce"], nil, "automatic_mail"),
            ("kari@example.no", [], "null", "null_return_path"), ("kari@example.no", [], "list", "list_mail"),
            ("kari@example.no", ["truncated"], "plain", nil), ("bouncer.kari@example.no", [], nil, nil),
            ("kari@example.no", [], nil, nil),
        ] as [(String?, [String], String?, String?)])
    func policy(address: String?, flags: [String], context: String?, expected: String?) {
        let replyContext = context.map { kind in
            ReplyContext(
                messageID: "m1@example.no", inReplyTo: nil, references: [], subject: "Hei", from: address,
                isListMail: kind == "list", returnPathIsNull: kind == "null")
        }
        let refusal = AcknowledgementPolicy.refusal(
            address: address, flags: flags, context: replyContext,
            ownAddresses: ["kundeservice@nordlys.no", "post@nordlys.no"])
        #expect(refusal == expected)
    }

    // MARK: - The message

    @Test func wellFormedMessage() throws {
        let context = ReplyContext(
            messageID: "m3@example.no", inReplyTo: "m2@example.no", references: ["m1@example.no", "m2@example.no"],
            subject: "Re: Levering", from: "kari@example.no", isListMail: false, returnPathIsNull: false)
        let data = Self.build(name: "Kari Nordmann", subject: "Re: Levering", context: context)
        #expect(Self.allCRLF(data))
        let (lines, body) = Self.split(data)
        #expect(
            Self.fieldNames(lines) == Array(Self.expectedFields.prefix(5)) + ["In-Reply-To", "References"]
                + Self.expectedFields.dropFirst(5))
        #expect(lines.contains("From: Nordlys Kundeservice <kundeservice@nordlys.no>"))
        #expect(lines.contains("To: Kari Nordmann <kari@example.no>"))
        #expect(lines.contains("Subject: Re: Levering"))
        #expect(lines.contains("Date: Tue, 03 Mar 2026 10:00:00 +0000"))
        #expect(lines.contains("Message-ID: <ack-42@nordlys.no>"))
        #expect(lines.contains("In-Reply-To: <m3@example.no>"))
        #expect(lines.contains("References: <m1@example.no> <m2@example.no> <m3@example.no>"))
        #expect(lines.contains("Auto-Submitted: auto-replied") && lines.contains("X-Auto-Response-Suppress: All"))
        #expect(lines.contains("Content-Transfer-Encoding: quoted-printable") && lines.contains("Content-Language: no"))

        let text = Self.templates.render(language: "no", values: Self.values(name: "Kari Nordmann"))
        #expect(Self.decodeQP(body) == text.body.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(body.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })

        // Hark's own parser reads it back as what was meant, and flags it as automatic.
        let parsed = MailParser.parse(data)
        #expect(parsed.subject == "Re: Levering" && parsed.from?.name == "Nordlys Kundeservice")
        #expect(parsed.references == ["m1@example.no", "m2@example.no", "m3@example.no"])
        #expect(parsed.inReplyTo == "m3@example.no" && parsed.messageID == "ack-42@nordlys.no")
        #expect(parsed.text == TextCleanup.body(text.body) && parsed.hasFlag(.autoReply))
    }

    @Test func quotedPrintableBodyIsSafeAndDecodesBack() throws {
        let line = String(repeating: "æøå ", count: 40)
        let body = "Første linje\n.\n.hidden\nFrom here\r\n..\rtrailing space \ttab\t\n\(line)\n=3D 100%\n"
        let text = AcknowledgementText(language: "da", subject: "Re: x", body: body)
        let data = AcknowledgementMail.build(
            from: Self.sender, to: MailAddress(name: nil, address: "kari@example.no"), text: text, context: nil,
            messageID: "ack-1@nordlys.no", date: Self.date)
        #expect(Self.allCRLF(data))
        let encoded = Self.split(data).body
        let encodedLines = encoded.components(separatedBy: "\r\n")
        #expect(encodedLines.allSatisfy { $0.utf8.count <= 76 && !$0.hasPrefix(".") && !$0.hasPrefix("From ") })
        #expect(encodedLines.allSatisfy { !$0.hasSuffix(" ") && !$0.hasSuffix("\t") })
        #expect(encoded.unicodeScalars.allSatisfy { $0.isASCII })
        let expected = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        #expect(Self.decodeQP(encoded) == expected.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    /// Customer data meant to add header lines: raw CR/LF/NUL, what an RFC 2047 word decodes to,
    /// Unicode line separators, a 10 KB subject, and names that need encoding.
    static let hostileValues: [String] = [
        "Hi\r\nBcc: victim@x", "Hi\nBcc: victim@x", "Hi\rBcc: victim@x", "Hi\0Bcc: victim@x",
        "Hi\r\n\r\n.\r\nMAIL FROM:<x@y>", "Hi\u{85}Bcc: victim@x\u{2028}X-Evil: 1",
        "=?utf-8?q?Hi=0D=0ABcc:_victim@x?=",
        "Hi\r\n Bcc: folded", "\"Kari\" <evil@x>, Bcc: victim@x", String(repeating: "Ærlig talt, ", count: 900),
        String(repeating: "x", count: 10_000), "Bjørn Ødegård", "山田 太郎 \r\nBcc: x", "Åse \"the boss\" O'Neil",
        "Re: SV: Faktura nr. 123 – feil beløp 😡",
    ]

    @Test(arguments: hostileValues)
    func headerInjectionIsImpossible(_ value: String) throws {
        let context = ReplyContext(
            messageID: "bad id@x", inReplyTo: "<ok@x>", references: ["a<b@x", "good@x", "\r\nBcc: x@y"],
            subject: value, from: "kari@example.no", isListMail: false, returnPathIsNull: false)
        let data = Self.build(name: value, subject: value, context: context, language: "en")
        #expect(Self.allCRLF(data))
        #expect(![UInt8](data).contains(0))
        let (lines, _) = Self.split(data)
        #expect(
            Self.fieldNames(lines) == Array(Self.expectedFields.prefix(5)) + ["References"]
                + Self.expectedFields.dropFirst(5))
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.filter { $0.utf8.count > 78 })")
        #expect(lines.allSatisfy { line in line.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } })
        #expect(lines.contains("References: <good@x> <ok@x>"))
        #expect(lines.count < 80, "a 10 KB subject is capped, not written whole")

        let parsed = MailParser.parse(data)
        let clean = try #require(TextCleanup.singleLine(value))
        #expect(parsed.to.first?.address == "kari@example.no" && parsed.to.count == 1 && parsed.cc.isEmpty)
        #expect(parsed.header("bcc") == nil && parsed.header("x-evil") == nil)
        #expect(parsed.from?.address == "kundeservice@nordlys.no")
        if clean.count <= AcknowledgementTemplates.maximumNameLength, !clean.contains("@") {
            #expect(parsed.to.first?.name == clean, "\(lines)")
        }
        if clean.count <= AcknowledgementTemplates.maximumSubjectLength, !clean.lowercased().hasPrefix("re:") {
            #expect(parsed.subject == "Re: \(clean)", "\(lines)")
        }
        #expect(parsed.subject?.hasPrefix("Re: ") == true && (parsed.subject?.count ?? 0) <= 160)
    }

    @Test func acknowledgementOfTheInjectionFixture() throws {
        let message = try MailFixtures.parse("crlf-injection.eml")
        let data = Self.build(name: message.from?.name, subject: message.subject, context: message.replyContext)
        #expect(Self.allCRLF(data))
        let (lines, _) = Self.split(data)
        #expect(Self.fieldNames(lines) == Self.expectedFields)
        #expect(lines.contains("Subject: Re: Hi Bcc: victim@x"))
        let parsed = MailParser.parse(data)
        #expect(parsed.header("bcc") == nil && parsed.to.map(\.address) == ["kari@example.no"])
    }

    @Test func referencesAreCappedAndThreaded() {
        let ids = (1...30).map { "m\($0)@example.no" }
        let context = ReplyContext(
            messageID: "own@example.no", inReplyTo: "m30@example.no", references: ids + ["m5@example.no"],
            subject: nil, from: nil, isListMail: false, returnPathIsNull: false)
        #expect(context.references.count == ReplyContext.maximumReferences)
        #expect(context.references.first == "m1@example.no" && context.references.last == "m30@example.no")
        #expect(context.threadKey == "m1@example.no")
        let references = AcknowledgementMail.references(context)
        #expect(references.count == 20 && references.first == "m1@example.no" && references.last == "own@example.no")
        #expect(Set(references).count == references.count)
        #expect(AcknowledgementMail.references(nil).isEmpty)
        #expect(
            AcknowledgementMail.messageID(outboxID: "ob_7/../x y", sender: "Kunde@Nordlys.NO")
                == "ack-ob_7..xy@nordlys.no")
    }

    // MARK: - Reply context from parsed mail

    @Test func replyContextFromParsedMail() throws {
        let reply = MailParser.parse(
            MailFixtures.message(
                """
                From: Kari <kari@example.no>
                To: post@nordlys.no
                Subject: SV: Levering
                Message-ID: <c3@example.no>
                In-Reply-To: <c2@nordlys.no>
                References: <c1@example.no>
                 <c2@nordlys.no>

                Fortsatt ingen pakke.
                """))
        let context = reply.replyContext
        #expect(context.messageID == "c3@example.no" && context.references == ["c1@example.no", "c2@nordlys.no"])
        #expect(context.threadKey == "c1@example.no" && !context.isListMail && !context.returnPathIsNull)

        let list = MailParser.parse(
            MailFixtures.message(
                """
                From: Kari <kari@example.no>
                To: users@lists.example.org
                Subject: Nordlys er nede igjen
                Message-ID: <l1@example.no>
                List-Id: Users <users.lists.example.org>

                Hei.
                """))
        #expect(list.replyContext.isListMail && list.replyContext.threadKey == "l1@example.no")
        #expect(
            AcknowledgementPolicy.refusal(
                address: "kari@example.no", flags: [], context: list.replyContext, ownAddresses: []) == "list_mail")
        let precedence = MailParser.parse(MailFixtures.message("From: a@b.example\nPrecedence: list\n\nx\n"))
        #expect(precedence.replyContext.isListMail)

        let bounce = MailParser.parse(
            MailFixtures.message(
                """
                Return-Path: <>
                From: Kari <kari@example.no>
                Subject: Hei

                Tekst.
                """))
        #expect(bounce.replyContext.returnPathIsNull && !bounce.replyContext.isListMail)
        #expect(
            AcknowledgementPolicy.refusal(
                address: "kari@example.no", flags: [], context: bounce.replyContext, ownAddresses: [])
                == "null_return_path")
        let report = try MailFixtures.parse("bounce-report.eml")
        #expect(
            AcknowledgementPolicy.refusal(
                address: report.from?.address, flags: report.flags.map(\.rawValue), context: report.replyContext,
                ownAddresses: []) != nil)

        // Without any id, the thread is the subject without reply prefixes and the sender.
        let first = MailParser.parse(MailFixtures.message("From: kari@example.no\nSubject: Faktura\n\nx\n"))
        let second = MailParser.parse(MailFixtures.message("From: Kari@Example.no\nSubject: SV: Re: faktura\n\ny\n"))
        #expect(first.replyContext.threadKey.hasPrefix("digest:"))
        #expect(first.replyContext.threadKey == second.replyContext.threadKey)
        #expect(first.replyContext.messageID == nil && first.replyContext.references.isEmpty)
    }

    @Test func mailDraftsCarryTheReplyContext() throws {
        let raw = MailFixtures.message(
            """
            From: Kari <kari@example.no>
            Subject: Levering
            Message-ID: <d1@example.no>
            List-Unsubscribe: <mailto:unsub@example.no>

            Hei.
            """)
        let message = MailParser.parse(raw)
        let item = MailDrafts.item(
            IMAPMessage(uid: 7, internalDate: nil, size: raw.count, raw: Data(raw)), parsed: message,
            source: SourceID("mail")!, folder: "INBOX", uidValidity: 1)
        guard case .mention(let draft, _) = item else {
            Issue.record("not a mention")
            return
        }
        #expect(draft.replyContext == message.replyContext)
        #expect(draft.replyContext?.messageID == "d1@example.no" && draft.replyContext?.isListMail == true)
    }
}
