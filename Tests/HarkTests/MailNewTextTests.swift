import Foundation
import HarkMail
import Testing

/// `new_text` (replies, forwards, signatures and footers removed) and the automatic-mail flags.
@Suite struct MailNewTextTests {
    @Test(arguments: [
        ("reply-english-gmail.eml", "That did not help at all. The app still crashes."),
        ("reply-danish.eml", "Pakken er stadig ikke kommet.\n\nMed venlig hilsen\nMette"),
        ("reply-danish-gmail.eml", "Stadig intet nyt."),
        ("reply-norwegian-outlook.eml", "Dette er tredje gang jeg klager.\n\nOla Nordmann"),
        ("reply-norwegian-skrev.eml", "Fortsatt feil beløp."),
        ("reply-swedish.eml", "Jag har fortfarande inte fått någon återbetalning."),
        ("reply-bottom-posted.eml", "Ja, tre ganger. Nettet faller ut hver kveld klokka ti."),
    ])
    func fixtures(_ name: String, _ expected: String) throws {
        let message = try MailFixtures.parse(name)
        #expect(message.newText == expected)
        #expect(message.text.count > message.newText.count)
    }

    static func newText(_ body: String) -> String {
        MailParser.parse(MailFixtures.message("From: a@b.example\nContent-Type: text/plain; charset=utf-8\n\n" + body))
            .newText
    }

    @Test(arguments: [
        ("Thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, Support <s@x.example> wrote:\n> old", "Thanks!"),
        ("Takk.\n\nman. 2. mar. 2026 kl. 10:00 skrev Support <s@x.example>:\nGammel tekst", "Takk."),
        ("Tack.\n\nDen 2 mars 2026 kl. 10:00 skrev Support <s@x.example>:\n\n> gammal", "Tack."),
        ("Hej\n\n-----Original Message-----\nFrom: x\nSent: y\n\nold", "Hej"),
        ("Hei\n\n-----Opprinnelig melding-----\nold", "Hei"),
        ("Hej\n\nFrån: Kundtjänst\nSkickat: den 2 mars\nTill: mig\nÄmne: x\n\nold", "Hej"),
        ("Hei\n\nFra: Kundeservice\nDato: 2. mars\nTil: meg\n\ngammel", "Hei"),
        ("Inline answers:\n> Question one?\nYes.\n> Question two?\nNo.", "Inline answers:\nYes.\nNo."),
        ("Body\n-- \nSignature line\nPhone", "Body"),
        ("Body\n\nSendt fra min iPhone", "Body"),
        ("Body\n\nSkickat från min Samsung Galaxy-smartphone.", "Body"),
        ("Body\n\nGet Outlook for Android", "Body"),
        ("As I wrote: the meter is wrong.\nPlease fix it.", "As I wrote: the meter is wrong.\nPlease fix it."),
        ("From: my point of view this is wrong.\nRegards", "From: my point of view this is wrong.\nRegards"),
        ("> only a quote", ""),
    ])
    func patterns(_ body: String, _ expected: String) {
        #expect(Self.newText(body) == expected)
    }

    @Test(arguments: [
        ("auto-submitted.eml", [MailFlag.autoReply]),
        ("autosvar-subject.eml", [.autoReply]),
        ("fravaerende-subject.eml", [.autoReply]),
        ("bulk-precedence.eml", [.autoReply]),
        ("bounce-report.eml", [.bounce]),
        ("plain-folded.eml", []),
    ])
    func automaticMailIsFlagged(_ name: String, _ flags: [MailFlag]) throws {
        #expect(try MailFixtures.parse(name).flags == flags)
    }

    @Test func bounceReportPartsAreNotAttachments() throws {
        let message = try MailFixtures.parse("bounce-report.eml")
        #expect(message.attachments.isEmpty)
        #expect(message.text == "This is the mail system. Your message could not be delivered.")
    }

    @Test(arguments: [
        ("Subject: Out of Office: Re: invoice", true), ("Subject: Autosvar: faktura", true),
        ("Subject: Automatic reply: order", true), ("Auto-Submitted: auto-generated", true),
        ("Auto-Submitted: no", false), ("Subject: My office is out of paper", false),
        ("X-Autorespond: on", true), ("Precedence: auto_reply", true), ("Precedence: list", false),
    ])
    func autoReplyHeaders(_ field: String, _ flagged: Bool) {
        let message = MailParser.parse(MailFixtures.message("From: a@b.example\n\(field)\n\nbody"))
        #expect(message.hasFlag(.autoReply) == flagged)
    }

    @Test(arguments: [
        ("From: MAILER-DAEMON@mx.example", "Subject: x", true), ("From: postmaster@mx.example", "Subject: x", true),
        ("From: a@b.example", "Subject: Mail delivery failed: returning message", true),
        ("From: a@b.example", "Subject: Olevererbart: faktura", true),
        ("From: a@b.example", "Subject: Kunne ikke leveres", true),
        ("From: a@b.example", "Subject: Delivery was late", false),
    ])
    func bounces(_ from: String, _ subject: String, _ flagged: Bool) {
        let message = MailParser.parse(MailFixtures.message("\(from)\n\(subject)\n\nbody"))
        #expect(message.hasFlag(.bounce) == flagged)
    }
}
