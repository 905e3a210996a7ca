import Foundation
import HarkCore
import Testing

/// Charset labels and decoding: own vectors, then the gmime pairs and miniflux's charset files from
/// `../shared/corpora` (skipped with a note when absent).
@Suite struct CharsetTests {
    @Test(arguments: [
        ("utf-8", "UTF-8"), ("UTF8", "UTF-8"), (" \"utf-8\" ", "UTF-8"),
        ("latin1", "ISO-8859-1"), ("ISO_8859-1:1987", "ISO-8859-1"), ("iso8859-1", "ISO-8859-1"),
        ("cp1252", "windows-1252"), ("x-cp1252", "windows-1252"), ("Windows-1252", "windows-1252"),
        ("us-ascii", "US-ASCII"), ("ANSI_X3.4-1968", "US-ASCII"),
        ("latin9", "ISO-8859-15"), ("iso-8859-16", "ISO-8859-16"), ("koi8-r", "KOI8-R"), ("koi8-u", "KOI8-U"),
        ("shift_jis", "Shift_JIS"), ("x-sjis", "Shift_JIS"), ("euc-jp", "EUC-JP"), ("ISO-2022-JP", "ISO-2022-JP"),
        ("big5", "Big5"), ("gb2312", "GB2312"), ("gbk", "GBK"), ("GB18030", "GB18030"),
        ("ks_c_5601-1987", "EUC-KR"), ("euc-kr", "EUC-KR"), ("utf-7", "UTF-7"),
        ("utf-16", "UTF-16"), ("UTF-16LE", "UTF-16LE"), ("utf-16be", "UTF-16BE"), ("windows-1250", "windows-1250"),
    ])
    func canonicalNames(label: String, expected: String) {
        #expect(Charset.canonicalName(label) == expected)
    }

    @Test(arguments: ["x-unknown-charset", "", "   ", "utf-8//TRANSLIT", "../../etc/passwd", "klingon"])
    func unknownLabelsAreNil(label: String) {
        #expect(Charset.canonicalName(label) == nil)
        #expect(Charset.decode([0x41], charset: label) == nil)
    }

    @Test func labelsOnlyIconvKnowsAreAccepted() {
        #expect(Charset.canonicalName("cp850") == "CP850")
        #expect(Charset.decode([0x82, 0x41], charset: "cp850") == "éA")
    }

    @Test(arguments: [
        ([0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5] as [UInt8], "ISO-8859-1", "æøåÆØÅ"),
        ([0xE6, 0xF8, 0xE5, 0x80, 0x96, 0x93, 0x94], "windows-1252", "æøå€–“”"),
        ([0x93, 0x9D, 0x81], "latin1", "“\u{9D}\u{81}"),
        ([0x48, 0x65, 0x6A, 0x20, 0x99], "us-ascii", "Hej ™"),
        (Array("æøå Søren".utf8), "utf-8", "æøå Søren"),
        ([0xEF, 0xBB, 0xBF] + Array("bom".utf8), "utf-8", "bom"),
        ([0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "koi8-r", "Привет"),
        ([0xA4, 0xB3, 0xA4, 0xF3], "euc-jp", "こん"),
        ([0x82, 0xB1, 0x82, 0xF1], "shift_jis", "こん"),
        ([0x1B, 0x24, 0x42, 0x24, 0x33, 0x24, 0x73, 0x1B, 0x28, 0x42, 0x21], "iso-2022-jp", "こん!"),
        ([0xC4, 0xE3, 0xBA, 0xC3], "gb2312", "你好"),
        ([0xA7, 0x41, 0xA6, 0x6E], "big5", "你好"),
        ([0xBE, 0xC8, 0xB3, 0xE7], "euc-kr", "안녕"),
        (Array("Hi +AGEA5g- there".utf8), "utf-7", "Hi a\u{E6} there"),
        (Array("plain ascii".utf8), "iso-2022-jp", "plain ascii"),
        ([0xFF, 0xFE, 0x41, 0x00, 0xE6, 0x00], "utf-16", "Aæ"),
        ([0xFE, 0xFF, 0x00, 0x41, 0x00, 0xE6], "utf-16", "Aæ"),
        ([0x00, 0x41, 0x00, 0x42], "utf-16", "AB"),
        ([0x41, 0x00, 0x42, 0x00], "utf-16", "AB"),
        ([0x41, 0x00, 0x3D, 0xD8, 0x21, 0xDE], "utf-16le", "A😡"),
        ([0xD8, 0x3D, 0xDE, 0x21], "utf-16be", "😡"),
        ([0xB6, 0xE6], "iso-8859-2", "ść"),
        ([0xE5, 0xD8], "iso-8859-4", "åØ"),
        ([0xA4, 0xBD], "iso-8859-15", "€œ"),
        ([0xC0, 0xE0], "windows-1251", "Аа"),
        ([], "koi8-r", ""),
    ])
    func decodesVectors(bytes: [UInt8], charset: String, expected: String) {
        #expect(Charset.decode(bytes, charset: charset) == expected)
    }

    @Test(arguments: [
        ([0x61, 0xFF, 0x62] as [UInt8], "utf-8", "a\u{FFFD}b"),
        ([0x61, 0xC3], "utf-8", "a\u{FFFD}"),
        ([0x61, 0x82, 0x20, 0x62], "shift_jis", "a\u{FFFD} b"),
        ([0x61, 0xA4], "euc-jp", "a\u{FFFD}"),
        ([0x61, 0xFF, 0xFF, 0x62], "euc-kr", "a\u{FFFD}\u{FFFD}b"),
        ([0x00, 0xD8, 0x41, 0x00], "utf-16le", "\u{FFFD}A"),
        ([0x41, 0x00, 0x42], "utf-16le", "A\u{FFFD}"),
        ([0x81, 0x20, 0x41, 0xFF], "gbk", "\u{FFFD} A\u{FFFD}"),
    ])
    func invalidBytesBecomeReplacementsAndDecodingGoesOn(bytes: [UInt8], charset: String, expected: String) {
        #expect(Charset.decode(bytes, charset: charset) == expected)
    }

    @Test func decodesAnySequenceOfBytes() {
        let bytes = ArraySlice((0...255).map(UInt8.init) + [0x80, 0x41])
        for charset in ["utf-8", "windows-1252", "koi8-r", "shift_jis", "big5", "gb18030", "euc-kr", "utf-7", "utf-16"]
        {
            let decoded = Charset.decode(bytes, charset: charset)
            #expect(decoded != nil, "\(charset)")
            #expect(decoded?.hasSuffix("A") == true || charset == "utf-16" || charset == "utf-7", "\(charset)")
        }
    }

    @Test(arguments: [
        ([0xEF, 0xBB, 0xBF, 0x3C] as [UInt8], "UTF-8", 3),
        ([0xFF, 0xFE, 0x3C, 0x00], "UTF-16LE", 2),
        ([0xFE, 0xFF, 0x00, 0x3C], "UTF-16BE", 2),
        ([0xFF, 0xFE, 0x00, 0x00], "UTF-32LE", 4),
        ([0x00, 0x00, 0xFE, 0xFF], "UTF-32BE", 4),
    ])
    func sniffsByteOrderMarks(bytes: [UInt8], charset: String, length: Int) {
        let bom = Charset.sniffBOM(bytes)
        #expect(bom?.charset == charset)
        #expect(bom?.length == length)
    }

    @Test func noByteOrderMark() {
        #expect(Charset.sniffBOM(Array("<?xml".utf8)) == nil)
        #expect(Charset.sniffBOM([UInt8]()) == nil)
        #expect(Charset.sniffBOM([0xEF, 0xBB]) == nil)
    }

    @Test func largeInputDecodes() {
        let latin1 = [UInt8](repeating: 0xE6, count: 1 << 20)
        #expect(Charset.decode(latin1, charset: "iso-8859-1")?.unicodeScalars.count == 1 << 20)
        let koi8 = [UInt8](repeating: 0xC1, count: 1 << 20)
        #expect(Charset.decode(koi8, charset: "koi8-r")?.utf8.count == 2 << 20)
    }

    @Test func decodesConcurrently() async {
        await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let charset = index % 2 == 0 ? "koi8-r" : "shift_jis"
                    let bytes: [UInt8] = index % 2 == 0 ? [0xF0, 0xD2, 0xC9] : [0x82, 0xB1]
                    let expected = index % 2 == 0 ? "При" : "こ"
                    return (0..<200).allSatisfy { _ in Charset.decode(bytes, charset: charset) == expected }
                }
            }
            for await result in group { #expect(result) }
        }
    }
}
