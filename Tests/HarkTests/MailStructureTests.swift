import Foundation
import Testing

@testable import HarkMail

/// Multipart structure and transfer encodings: boundaries, preamble and epilogue, caps, base64,
/// quoted-printable.
@Suite struct MailStructureTests {
    static func split(_ body: String, _ boundary: String) -> MultipartSplitter.Result {
        let bytes = Array(body.utf8)
        return MultipartSplitter(body: bytes[...], boundary: boundary, crBreaks: !bytes.contains(0x0A)).split(
            maxParts: 500
        )
    }

    static func text(_ slice: ArraySlice<UInt8>?) -> String? { slice.map { String(decoding: $0, as: UTF8.self) } }

    @Test(arguments: ["\r\n", "\n", "\r"])
    func delimitersOwnTheLineBreakBeforeThem(_ end: String) {
        let body = [
            "preamble", "", "--b", "", "one", "--b ignored text", "Content-Type: text/plain", "", "two", "--b--",
            "epilogue",
        ]
        .joined(separator: end)
        let result = Self.split(body, "b")
        #expect(Self.text(result.preamble) == "preamble" + end)
        #expect(
            result.parts.map { String(decoding: $0, as: UTF8.self) } == [
                end + "one", "Content-Type: text/plain" + end + end + "two",
            ]
        )
        #expect(Self.text(result.epilogue) == "epilogue")
        #expect(result.closed && result.foundDelimiter)
    }

    @Test func aLongerBoundaryIsNotTheShorterOne() {
        let result = Self.split("--abc\r\nx\r\n--abc_alt\r\ny\r\n--abc_alt--\r\n--abc--\r\n", "abc")
        #expect(result.parts.count == 1)
        #expect(Self.text(result.parts.first) == "x\r\n--abc_alt\r\ny\r\n--abc_alt--")
    }

    @Test func missingAndNeverClosedBoundaries() {
        let missing = Self.split("no delimiter here\r\n", "b")
        #expect(
            !missing.foundDelimiter && missing.parts.isEmpty && Self.text(missing.preamble) == "no delimiter here\r\n"
        )
        let open = Self.split("--b\r\none\r\n--b\r\ntwo\r\n", "b")
        #expect(open.foundDelimiter && !open.closed)
        #expect(open.parts.map { String(decoding: $0, as: UTF8.self) } == ["one", "two\r\n"])
        // No line qualifies, so lines that merely start with the delimiter are taken.
        let lenient = Self.split("--bXYZ\r\none\r\n--bXYZ\r\ntwo", "b")
        #expect(lenient.parts.map { String(decoding: $0, as: UTF8.self) } == ["one", "two"])
    }

    @Test func aBoundaryOfAnyLength() {
        let boundary = String(repeating: "0123456789", count: 100)
        let result = Self.split("--\(boundary)\r\nx\r\n--\(boundary)--\r\n", boundary)
        #expect(result.parts.count == 1 && result.closed)
    }

    @Test(arguments: [
        ("SGVsbG8sIFdvcmxkIQ==", "Hello, World!", true),
        ("SGVs\r\nbG8s IFdv\tcmxkIQ", "Hello, World!", true),
        ("SGVsbG8*#!sIFdvcmxkIQ==", "Hello, World!", false),
        ("QQ==QkI=", "ABB", true),
        ("SGVsbG8sIFdvcmxkIQ=X", "Hello, World!", false),
        ("", "", true),
    ])
    func base64(_ input: String, _ output: String, _ clean: Bool) {
        let (bytes, wasClean) = TransferDecoding.base64(Array(input.utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == output)
        #expect(wasClean == clean)
    }

    @Test(arguments: [
        ("caf=C3=A9", "café", true),
        ("caf=c3=a9", "café", true),
        ("soft=\r\nbreak", "softbreak", true),
        ("soft= \t\r\nbreak", "softbreak", true),
        ("soft=\nbreak", "softbreak", true),
        ("padded   \r\nline", "padded\r\nline", true),
        ("kept=20\nline", "kept \r\nline", true),
        ("bare\nline\rends", "bare\r\nline\r\nends", true),
        ("bad =ZZ escape and =", "bad =ZZ escape and ", false),
        ("lone = sign", "lone = sign", false),
    ])
    func quotedPrintable(_ input: String, _ output: String, _ clean: Bool) {
        let (bytes, wasClean) = TransferDecoding.quotedPrintable(Array(input.utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == output)
        #expect(wasClean == clean)
    }

    @Test func uuencodedBodies() {
        let (bytes, clean) = TransferDecoding.uuencode(Array("begin 644 a.txt\n#0V%T\n`\nend\n".utf8)[...])
        #expect(String(decoding: bytes, as: UTF8.self) == "Cat" && clean)
    }

    @Test func transferEncodingNamesAreReadLeniently() {
        #expect(TransferEncoding(header: Array("Quoted-Printable;".utf8)) == .quotedPrintable)
        #expect(TransferEncoding(header: Array(" 7-bit".utf8)) == .identity)
        #expect(TransferEncoding(header: Array("BASE64 (x)".utf8)) == .base64)
        #expect(TransferEncoding(header: Array("x-uue".utf8)) == .uuencode)
        #expect(TransferEncoding(header: Array("gzip".utf8)) == .unknown)
        #expect(TransferEncoding(header: nil) == .identity)
    }

    @Test func messageDefectsAreRecordedNotThrown() throws {
        let cases: [(String, MailDefect.Code)] = [
            ("missing-boundary.eml", .missingBoundary), ("never-closed.eml", .missingCloseBoundary),
            ("bad-encodings.eml", .badQuotedPrintable), ("bad-encodings.eml", .badBase64),
            ("bad-encodings.eml", .unknownCharset),
        ]
        for (name, code) in cases {
            let message = try MailFixtures.parse(name)
            #expect(message.defects.map(\.code).contains(code), "\(name): \(message.defects)")
        }
        let missing = try MailFixtures.parse("missing-boundary.eml")
        #expect(missing.text == "The boundary never appears, so this text is all there is.")
        let open = try MailFixtures.parse("never-closed.eml")
        #expect(open.text == "first part\nsecond part, and the message ends without a closing delimiter")
        let long = try MailFixtures.parse("long-boundary.eml")
        #expect(long.text == "inside a boundary of 101 characters" && long.defects.isEmpty)
        let bad = try MailFixtures.parse("bad-encodings.eml")
        #expect(bad.text == "Broken =ZZ escape and a lone = sign, soft break, æøå.\nplain ascii in an unknown charset")
        #expect(bad.attachments.first?.size == 11)
    }
}
