import Foundation
import HarkCore
import Testing

@testable import HarkMail

/// RFC 5322 header sections: folding, line ends, stray lines, the size limits, RFC 2047 and RFC 2231.
@Suite struct MailHeaderTests {
    static func header(_ text: String) -> (HeaderSection, body: String, defects: [MailDefect.Code]) {
        let bytes = Array(text.utf8)
        var context = ParseContext(limits: MailParserLimits(), message: bytes[...])
        let (header, start) = HeaderSection.parse(bytes[...], skipMboxLine: true, context: &context, part: nil)
        return (header, String(decoding: bytes[start...], as: UTF8.self), context.defects.map(\.code))
    }

    @Test(arguments: ["\r\n", "\n", "\r"])
    func lineEndsOfEveryKind(_ end: String) {
        let (header, body, defects) = Self.header(
            ["Subject: one", " two", "\tthree", "To: a@b", "", "body"].joined(separator: end)
        )
        #expect(header.fields.map(\.name) == ["Subject", "To"])
        #expect(String(decoding: header.first("subject")!.value, as: UTF8.self) == "one two\tthree")
        #expect(body == "body")
        #expect(defects.isEmpty)
    }

    @Test func aBareCarriageReturnAmongLFLinesIsContent() {
        let (header, _, _) = Self.header("From: \"Kari\rBcc: x@y\" <k@x.example>\r\nSubject: s\r\n\r\n")
        #expect(header.fields.map(\.name) == ["From", "Subject"])
    }

    @Test func doubledCarriageReturnsEndOneLine() {
        let (header, body, _) = Self.header("Subject: x\r\r\nTo: y\r\r\n\r\r\nbody")
        #expect(header.fields.map(\.name) == ["Subject", "To"])
        #expect(body == "body")
    }

    @Test func rawFieldKeepsItsFolding() {
        let (header, _, _) = Self.header("Subject: a\r\n b\r\n\r\n")
        #expect(String(decoding: header.fields[0].raw, as: UTF8.self) == "Subject: a\r\n b")
    }

    @Test func mboxLineIsSkippedButAnObsoleteFromFieldIsNot() {
        #expect(
            Self.header("From someone@example.com Mon Jun  6 22:21:22 2005\nSubject: x\n\n").0.fields.map(\.name) == [
                "Subject"
            ]
        )
        #expect(Self.header("From  : a@b\nSubject: x\n\n").0.fields.map(\.name) == ["From", "Subject"])
    }

    @Test func strayLineAmongFieldsIsDroppedButALineStartingTheBodyIsKept() {
        let stray = Self.header("Subject: x\nnot a header line\nTo: a@b\n\nbody")
        #expect(stray.0.fields.map(\.name) == ["Subject", "To"])
        #expect(stray.body == "body")
        #expect(stray.defects == [.invalidHeaderLine])
        let noSeparator = Self.header("Subject: x\nHello there,\nthis is the body.\n")
        #expect(noSeparator.0.fields.map(\.name) == ["Subject"])
        #expect(noSeparator.body == "Hello there,\nthis is the body.\n")
        #expect(noSeparator.defects == [.missingHeaderBodySeparator])
        let blankWithSpace = Self.header("Subject: x\n \nThe body after a blank line holding a space.\nMore.\n")
        #expect(blankWithSpace.body == "The body after a blank line holding a space.\nMore.\n")
    }

    @Test func longLinesAreKeptAndTheSectionIsCutAtItsLimit() {
        let long = String(repeating: "a", count: 5000)
        let (header, body, defects) = Self.header("Subject: \(long)\nTo: b@c\n\nbody")
        #expect(header.first("subject")?.value.count == 5000)
        #expect(defects == [.headerLineTooLong])
        #expect(body == "body")

        var context = ParseContext(limits: MailParserLimits())
        let huge = Array(("X-Big: " + String(repeating: "z", count: 200_000) + "\r\nSubject: late\r\n\r\nbody").utf8)
        let (cut, start) = HeaderSection.parse(huge[...], skipMboxLine: false, context: &context, part: nil)
        #expect(cut.fields.map(\.name) == ["X-Big"])
        #expect(cut.fields[0].value.count < 100 * 1024)
        #expect(String(decoding: huge[start...], as: UTF8.self) == "body")
        #expect(context.truncated)
    }

    @Test(arguments: [
        ("=?utf-8?q?Hello_World?=", "Hello World"),
        ("=?UTF-8?B?SGVsbG8=?= =?UTF-8?B?IFdvcmxk?=", "Hello World"),
        ("=?utf-8?q?a?=   \t =?utf-8?q?b?=", "ab"),
        ("plain =?utf-8?q?=C3=A6?= text", "plain æ text"),
        ("Re:=?utf-8?q?_missing_space?=", "Re: missing space"),
        ("=?utf-8?q?glued?==?utf-8?q?_words?=", "glued words"),
        ("=?utf-8?b?8J+Y?= =?utf-8?b?gA==?=", "😀"),
        ("=?ISO-8859-1?Q?caf=E9?=", "café"),
        ("=?utf-8*da?q?s=C3=B8?=", "sø"),
        ("=?iso-8859-1?q?with spaces inside?=", "with spaces inside"),
        ("=?utf-8?q?broken", "=?utf-8?q?broken"),
        ("=?no-such-charset?q?ok?=", "ok"),
        ("=?utf-8?x?unknown-encoding?=", "=?utf-8?x?unknown-encoding?="),
        ("50% =? off", "50% =? off"),
        ("=?NONE?B?VEVTVA=?=", "TEST"),
    ])
    func encodedWords(_ raw: String, _ decoded: String) {
        #expect(HeaderText.unstructured(Array(raw.utf8)) == decoded)
    }

    @Test func injectedLineBreaksAndNULNeverSurvive() {
        let decoded = HeaderText.unstructured(Array("=?utf-8?q?Hi=0D=0ABcc:_victim@x=00?= =?utf-8?b?DQo=?=end".utf8))
        #expect(decoded == "Hi Bcc: victim@x end")
    }

    @Test(arguments: [
        ("text/plain; charset=\"utf-8\"", "text/plain", "charset", "utf-8"),
        ("TEXT/Plain ; Charset = ISO-8859-1", "text/plain", "charset", "ISO-8859-1"),
        ("text/plain charset=utf-8", "text/plain", "charset", "utf-8"),
        ("multipart/mixed; boundary=----=_Part_1.2; x=y", "multipart/mixed", "boundary", "----=_Part_1.2"),
        (
            "multipart/mixed; boundary=\"quoted \\\"inner\\\" value\"", "multipart/mixed", "boundary",
            "quoted \"inner\" value"
        ),
        ("application/pdf; name=my file.pdf", "application/pdf", "name", "my file.pdf"),
        ("application/pdf; name=\"unclosed.pdf", "application/pdf", "name", "unclosed.pdf"),
        ("application/pdf; name*=utf-8''%E2%82%AC.pdf", "application/pdf", "name", "€.pdf"),
        ("application/pdf; name*0=\"a\"; name*2=\"c\"; name*1=\"b\"", "application/pdf", "name", "abc"),
        ("application/pdf; name=\"plain.pdf\"; name*=utf-8''better.pdf", "application/pdf", "name", "better.pdf"),
        ("application/pdf; name*=iso-8859-1'no'bl%E5b%E6r.pdf", "application/pdf", "name", "blåbær.pdf"),
        ("text (comment) / html", "text/html", "", ""),
    ])
    func contentTypes(_ raw: String, _ media: String, _ parameter: String, _ value: String) throws {
        let type = try #require(MIMEContentType.parse(Array(raw.utf8)))
        #expect(type.mediaType == media)
        if !parameter.isEmpty { #expect(type.parameters[parameter] == value) }
    }

    @Test func unreadableContentTypesAreNil() {
        for raw in ["", "text", "/plain", ";charset=utf-8"] {
            #expect(MIMEContentType.parse(Array(raw.utf8)) == nil, "\(raw)")
        }
    }
}
