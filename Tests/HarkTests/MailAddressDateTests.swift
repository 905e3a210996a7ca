import Foundation
import HarkCore
import Testing

@testable import HarkMail

private func mailbox(_ name: String?, _ address: String) -> MailAddress { MailAddress(name: name, address: address) }

/// Address lists, dates and message ids.
@Suite struct MailAddressDateTests {
    static func list(_ raw: String) -> [MailAddress] {
        var context = ParseContext(limits: MailParserLimits())
        return AddressListParser.mailboxes(Array(raw.utf8), context: &context, part: nil)
    }

    @Test(arguments: [
        ("kari@example.no", [mailbox(nil, "kari@example.no")]),
        ("Kari Nordmann <kari@example.no>", [mailbox("Kari Nordmann", "kari@example.no")]),
        (
            "\"Nordmann, Kari\" <kari@example.no>, ola@example.no",
            [mailbox("Nordmann, Kari", "kari@example.no"), mailbox(nil, "ola@example.no")]
        ),
        ("kari@example.no (Kari N.)", [mailbox("Kari N.", "kari@example.no")]),
        ("Pete(A wonderful \\) chap) <pete(his account)@silly.test(his host)>", [mailbox("Pete", "pete@silly.test")]),
        (
            "A Group:Chris <c@a.test>,joe@b.test;, after@c.test",
            [mailbox("Chris", "c@a.test"), mailbox(nil, "joe@b.test"), mailbox(nil, "after@c.test")]
        ),
        ("undisclosed-recipients:;", []),
        ("=?utf-8?q?J=C3=B8rgen?= <j@example.dk>", [mailbox("Jørgen", "j@example.dk")]),
        ("\"=?utf-8?b?SsO4cmdlbg==?=\" <j@example.dk>", [mailbox("Jørgen", "j@example.dk")]),
        ("<@route.test:mary@example.net>", [mailbox(nil, "mary@example.net")]),
        ("john @ example . com", [mailbox(nil, "john@example.com")]),
        ("Name <unclosed@example.com", [mailbox("Name", "unclosed@example.com")]),
        ("Big Bug bb@bug.com", [mailbox("Big Bug", "bb@bug.com")]),
        ("\"support@brand.com\" <attacker@evil.example>", [mailbox("support@brand.com", "attacker@evil.example")]),
        ("用户 <用户@例子.广告>", [mailbox("用户", "用户@例子.广告")]),
        ("kari@xn--bcher-kva.example", [mailbox(nil, "kari@xn--bcher-kva.example")]),
        ("<mailto:kari@example.no>", [mailbox(nil, "kari@example.no")]),
    ])
    func addressLists(_ raw: String, _ expected: [MailAddress]) {
        #expect(Self.list(raw) == expected)
    }

    @Test func rawLineBreaksInDisplayNamesBecomeSpaces() {
        #expect(Self.list("\"Kari\rBcc: x@y\" <kari@example.no>") == [mailbox("Kari Bcc: x@y", "kari@example.no")])
        #expect(
            Self.list("=?utf-8?q?Evil=0D=0AX-Injected:_yes?= <e@example.org>") == [
                mailbox("Evil X-Injected: yes", "e@example.org")
            ]
        )
    }

    @Test(arguments: [
        ("Tue, 3 Mar 2026 09:15:00 +0100", "2026-03-03T08:15:00Z", 60),
        ("3 Mar 2026 09:15 +0100", "2026-03-03T08:15:00Z", 60),
        ("Fri, 21 Nov 97 09:55:06 GMT", "1997-11-21T09:55:06Z", 0),
        ("Wed, 11 Feb 98 11:51 CST", "1998-02-11T17:51:00Z", -360),
        ("Mon, 21 Aug 95 13:30:57 -600", "1995-08-21T19:30:57Z", -360),
        ("Thu, 13 Feb 1969 23:32:54 -0330", "1969-02-14T03:02:54Z", -210),
        ("Mon, 6 Jun 2005 22:21:22 +0200 (CEST)", "2005-06-06T20:21:22Z", 120),
        ("Fri, 6 Apr 2001 09:23:06 -0800 (GMT-0800)", "2001-04-06T17:23:06Z", -480),
        ("Sat, 27 Nov 2004 03:35:30 UTC", "2004-11-27T03:35:30Z", 0),
        ("Wed, 15 Feb 1995 09:38:18", "1995-02-15T09:38:18Z", 0),
        ("May 8, 2005 1:17 PM", "2005-05-08T13:17:00Z", 0),
        ("Mon Jun  6 22:21:22 2005", "2005-06-06T22:21:22Z", 0),
        ("2005-06-06 22:21:22 +02:00", "2005-06-06T20:21:22Z", 120),
        ("Tue, 12 Oct 2010 16:21:05 GMT+0500", "2010-10-12T11:21:05Z", 300),
        ("Fri, 21 Nov 1997 09(comment):   55  :  06 -0600", "1997-11-21T15:55:06Z", -360),
        ("tir, 3 mar 2026 09.15.00 +0100", "2026-03-03T08:15:00Z", 60),
        ("Mon, 30 Jun 3609 15:33:50 +0600", "3609-06-30T09:33:50Z", 360),
        ("Sat, 29 Feb 2020 12:00:00 +0000", "2020-02-29T12:00:00Z", 0),
    ])
    func dates(_ raw: String, _ utc: String, _ offset: Int) throws {
        let (date, minutes) = try #require(MailDateParser.parse(raw))
        #expect(RFC3339.string(date) == utc)
        #expect(minutes == offset)
    }

    @Test(arguments: [
        "", "Thu,", "(invalid)", "yesterday", "Mon, 1 Jan 0000 00:00:00 +0000", "Mon, 32 Jan 2020 00:00:00 +0000",
        "Sat, 29 Feb 2021 12:00:00 +0000", "Wed, 15 Dec 2010    59:10 -0500", "Pn, 29 paX 2007 21:13:00 +0100",
        "Mon, 1 Foo 2020 10:00:00 +0000", "Mon, 1 Jan 2020 24:00:00 +0000", "Mon, 1 Jan 2020",
        "Mon, 1 Jan 99999 10:00:00 +0000", String(repeating: "9", count: 10_000),
    ])
    func unreadableDatesAreNil(_ raw: String) {
        #expect(MailDateParser.parse(raw) == nil)
    }

    @Test(arguments: [
        ("<a@b>", ["a@b"]),
        ("  <a@b> (comment)", ["a@b"]),
        ("<a@b> <c@d>\r\n <e@f>", ["a@b", "c@d", "e@f"]),
        ("<a@b>,<c@d>", ["a@b", "c@d"]),
        ("a@b c@d", ["a@b", "c@d"]),
        ("bare-id-without-at", ["bare-id-without-at"]),
        ("Your message of Monday <a@b>", ["a@b"]),
        ("<1234   @   local(blah)  .machine .example>", ["1234@local.machine.example"]),
        ("<>", []),
        ("", []),
    ])
    func messageIDs(_ raw: String, _ ids: [String]) {
        #expect(MessageIDs.parse(Array(raw.utf8)) == ids)
    }
}
