@testable import HarkAssessment
@testable import HarkCore
@testable import HarkMail
import Foundation
import Testing

/// The byte-level fast paths the mail and webhook paths take, each checked against the plain
/// definition it stands in for.
@Suite struct FastPathTests {
    @Test func hexRoundTripsAndSkipsOtherCharacters() {
        let bytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xAB, 0xFF]
        #expect(bytes.hexString == "00017f80abff")
        #expect(Data(hexDigits: "00017f80abff") == Data(bytes))
        #expect(Data(hexDigits: "00-01 7f:80\nab ff") == Data(bytes))
        #expect(Data(hexDigits: "ABff") == Data([0xFF]), "upper-case digits are not hex here")
        #expect(Data(hexDigits: "abc") == Data([0xAB]), "an odd last digit is dropped")
        #expect(Data(hexDigits: "zz") == Data())
        let digest = DedupKey.contentDigest(Data("hark".utf8))
        #expect(digest.count == 64)
        #expect(Data(hexDigits: digest).hexString == digest)
        #expect(Data(hexDigits: digest[...]) == Data(hexDigits: digest))
    }

    @Test func uuidV7CarriesTheMillisecondsVersionAndVariant() {
        let date = Date(timeIntervalSince1970: 1_764_000_000.123)
        var seen = Set<UUID>()
        for _ in 0..<200 {
            let id = UUIDv7.make(at: date)
            seen.insert(id)
            let u = id.uuid
            let millis = [u.0, u.1, u.2, u.3, u.4, u.5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect(millis == 1_764_000_000_123)
            #expect(u.6 >> 4 == 7, "version 7")
            #expect(u.8 >> 6 == 0b10, "RFC 9562 variant")
        }
        #expect(seen.count == 200, "the random bits differ")
        #expect(UUIDv7.make(at: Date(timeIntervalSince1970: 1)).uuidString < UUIDv7.make(at: date).uuidString)
    }

    @Test func cleanupKeepsLettersAtTheEdgesAndTrimsWhiteSpace() {
        #expect(TextCleanup.body("Hilsen Jørgen Ø") == "Hilsen Jørgen Ø")
        #expect(TextCleanup.body("  Ærlig talt\n  ") == "Ærlig talt")
        #expect(TextCleanup.body("\u{00A0}tak\u{00A0}") == "tak")
        #expect(TextCleanup.body("tak\u{3000}") == "tak")
        #expect(TextCleanup.body("å\u{2003}") == "å")
        #expect(TextCleanup.body("\u{0085}ø") == "ø")
        #expect(TextCleanup.body("ø\u{0080}") == "ø", "a C1 control at the end goes")
        #expect(TextCleanup.body("€ 20") == "€ 20")
        #expect(TextCleanup.body("😀 ok 😀") == "😀 ok 😀")
        #expect(TextCleanup.singleLine("Årets  pris") == "Årets pris")
        #expect(TextCleanup.singleLine("Årets pris\u{00A0}") == "Årets pris")
        #expect(TextCleanup.singleLine("\u{2028}ø") == "ø")
        #expect(TextCleanup.singleLine("ø") == "ø")
    }

    @Test func unixLineEndsOnTheBytes() {
        #expect("a\r\nb\rc\nd".withUnixLineEnds == "a\nb\nc\nd")
        #expect("\r\n\r\n".withUnixLineEnds == "\n\n")
        #expect("æ\r\nø\r".withUnixLineEnds == "æ\nø\n")
        #expect("no breaks".withUnixLineEnds == "no breaks")
        #expect("\r\r\n".withUnixLineEnds == "\n\n")
    }

    @Test func mobileFootersInAnyCase() {
        for line in [
            "Sent from my iPhone", "SENT FROM MY IPHONE", "Sendt fra min iPad", "Skickat från min iPhone",
            "Hämta Outlook för iOS", "HÄMTA OUTLOOK FÖR IOS", "Get Outlook for Android", "Envoyé de mon iPhone",
            "Von meinem iPhone gesendet", "Verzonden vanaf mijn iPhone",
        ] {
            #expect(ReplyPatterns.isMobileFooter(Substring(line)), "\(line)")
        }
        for line in ["Hello there", "Sendte pakken i går", "Get back to me", "s", "", "Hämtade paketet"] {
            #expect(!ReplyPatterns.isMobileFooter(Substring(line)), "\(line)")
        }
    }

    @Test func radixSortAgreesWithTheStandardSort() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 255, 256, 257, 1000, 5000] {
            var values = (0..<count).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
            // Duplicates, and bytes every value shares (the passes that are skipped).
            values += values.prefix(count / 4)
            var shared = values.map { $0 & 0x0000_FFFF_0000_FFFF | 0xAB00_0000_0000_0000 }
            var expected = values.sorted()
            ModelFeatures.sortHashes(&values)
            #expect(values == expected)
            expected = shared.sorted()
            ModelFeatures.sortHashes(&shared)
            #expect(shared == expected)
        }
    }
}

extension FastPathTests {
    @Test func cleanupScansWordsAndBytesAlike() {
        // Every control character, DEL and C1 control at each place of an eight-byte word.
        let base = Array("The parcel never came, and nobody answers the phone at all.".utf8)
        for position in 0..<16 {
            for bad: [UInt8] in [[0x01], [0x0B], [0x1F], [0x7F], [0xC2, 0x85], [0xC2, 0x9F], [0xE2, 0x80, 0xA8]] {
                var bytes = base
                bytes.insert(contentsOf: bad, at: 3 + position)
                let text = String(decoding: bytes, as: UTF8.self)
                let cleaned = TextCleanup.body(text)
                #expect(!cleaned.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }, "\(bad) at \(position)")
                #expect(!cleaned.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) }, "\(bad) at \(position)")
            }
        }
        #expect(TextCleanup.body("  line one\nline two\ttab  \n") == "line one\nline two\ttab")
        #expect(TextCleanup.body(" \u{301}abc ") == "\u{301}abc", "trimmed between scalars, not grapheme clusters")
        #expect(TextCleanup.body(String(repeating: "abcdefgh", count: 100) + "\r\n") == String(repeating: "abcdefgh", count: 100))
    }
}

extension FastPathTests {
    /// Keys are kept for ever: the derivation is pinned to its definition, length-prefixed parts.
    @Test func derivedKeysKeepTheirDefinition() {
        #expect(DedupKey.derive("a", "bc").digest == DedupKey.contentDigest(Data("1:a2:bc".utf8)))
        #expect(DedupKey.derive("ab", "c").digest != DedupKey.derive("a", "bc").digest)
        let nordic = "Bestilling på vej, æøå"
        #expect(
            DedupKey.derive("mail", nordic, "").digest
                == DedupKey.contentDigest(Data("4:mail\(nordic.utf8.count):\(nordic)0:".utf8)))
    }
}
