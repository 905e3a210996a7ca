import Foundation
import HarkCore
import Testing

/// Charset decoding against other projects' test data under `../shared/corpora` (skipped with a note
/// when absent): gmime's charset pairs and miniflux's charset feeds.
@Suite struct CharsetCorpusTests {
    /// `/work/main/Tests/HarkTests/X.swift` -> `/work/shared/corpora`.
    static let corpora = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../../shared/corpora")
        .standardizedFileURL

    static let gmime = corpora.appendingPathComponent("mail/gmime/tests/data/filters")
    static let miniflux = corpora.appendingPathComponent("feeds/miniflux/internal/reader")

    static func read(_ url: URL) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            print("note: \(url.path) is absent; skipped")
            return nil
        }
        return [UInt8](data)
    }

    /// `<text>.<charset>.txt` must decode to exactly `<text>.utf-8.txt`.
    @Test(arguments: [
        ("cyrillic", "cp1251"), ("cyrillic", "iso-8859-5"), ("cyrillic", "koi8-r"),
        ("japanese", "iso-2022-jp"), ("japanese", "shift-jis"),
    ])
    func gmimePairsDecodeExactly(text: String, charset: String) throws {
        guard let encoded = Self.read(Self.gmime.appendingPathComponent("\(text).\(charset).txt")),
            let expected = Self.read(Self.gmime.appendingPathComponent("\(text).utf-8.txt"))
        else { return }
        let decoded = try #require(Charset.decode(encoded, charset: charset))
        #expect(decoded == String(decoding: expected, as: UTF8.self))
    }

    /// gmime made its Big5 file from the UTF-8 one, leaving out the Japanese kanji Big5 cannot
    /// encode; the decoded text must be that text in order with only those left out.
    @Test func gmimeBig5IsTheUTF8TextLessWhatBig5CannotEncode() throws {
        guard let encoded = Self.read(Self.gmime.appendingPathComponent("chinese.big5.txt")),
            let expected = Self.read(Self.gmime.appendingPathComponent("chinese.utf-8.txt"))
        else { return }
        let decoded = try #require(Charset.decode(encoded, charset: "big5"))
        #expect(!decoded.contains("\u{FFFD}"))
        var remaining = Substring(String(decoding: expected, as: UTF8.self))
        var missing = 0
        for character in decoded {
            guard let index = remaining.firstIndex(of: character) else {
                Issue.record("\(character) is not in the UTF-8 text in order")
                return
            }
            missing += remaining.distance(from: remaining.startIndex, to: index)
            remaining = remaining[remaining.index(after: index)...]
        }
        missing += remaining.count
        print("gmime big5: \(decoded.count) characters decoded, \(missing) of the UTF-8 text not in Big5")
        #expect(decoded.count > 600)
    }

    @Test func gmimeFrenchFableInWindows1252() throws {
        guard let encoded = Self.read(Self.gmime.appendingPathComponent("french-fable.cp1252.txt")) else { return }
        let decoded = try #require(Charset.decode(encoded, charset: "cp1252"))
        #expect(decoded.hasPrefix("Maître Corbeau, sur un arbre perché,"))
        #expect(decoded.contains("Maître Renard, par l’odeur alléché,"))
        #expect(!decoded.contains("\u{FFFD}"))
    }

    /// Miniflux's charset test files whose label is right, decoded by that label.
    @Test(arguments: [
        ("encoding/testdata/windows-1252.xml", "windows-1252", "Euro €"),
        ("encoding/testdata/iso-8859-1.xml", "ISO-8859-1", "Café"),
        ("encoding/testdata/iso-8859-1.html", "iso-8859-1", "Frédéric"),
        ("encoding/testdata/iso-8859-1-meta-after-1024.html", "iso-8859-1", "Frédéric"),
        ("encoding/testdata/koi8r.xml", "KOI8-R", "Пример RSS ленты"),
        ("encoding/testdata/utf8.xml", "utf-8", "테스트 피드"),
        ("encoding/testdata/utf8.html", "utf-8", "Café"),
        ("encoding/testdata/utf8-meta-after-1024.html", "utf-8", "Frédéric"),
        ("xml/testdata/iso88591.xml", "iso8859-1", "Jürgen"),
        ("xml/testdata/koi8r.xml", "KOI8-R", "Тестовая лента"),
        ("parser/testdata/encoding_ISO-8859-1.xml", "ISO-8859-1", "wünschen"),
        ("parser/testdata/encoding_WINDOWS-1251.xml", "WINDOWS-1251", "Новый цитатник Рунета"),
        ("parser/testdata/no_encoding_ISO-8859-1.xml", "ISO-8859-1", "développementaux"),
    ])
    func minifluxCharsetFiles(path: String, label: String, expected: String) throws {
        guard let bytes = Self.read(Self.miniflux.appendingPathComponent(path)) else { return }
        let decoded = try #require(Charset.decode(bytes, charset: label))
        #expect(!decoded.contains("\u{FFFD}"))
        #expect(decoded.contains(expected))
    }

    /// The files whose prolog lies: decoding by the false label never fails, it only gives mojibake.
    @Test(arguments: [
        "encoding/testdata/utf8-incorrect-prolog.xml", "encoding/testdata/windows-1252-incorrect-prolog.xml",
        "xml/testdata/iso88591_utf8_mismatch.xml",
    ])
    func minifluxMislabelledFilesStillDecode(path: String) throws {
        guard let bytes = Self.read(Self.miniflux.appendingPathComponent(path)) else { return }
        let prolog = String(decoding: bytes.prefix(60), as: UTF8.self)
        let label = try #require(prolog.split(separator: "\"").dropFirst(3).first)
        #expect(Charset.decode(bytes, charset: String(label)) != nil)
    }
}
