import Foundation
import HarkServer
import Testing

/// Choosing the web page's language from `Accept-Language` and from a stored choice.
@Suite struct WebLanguageTests {
    @Test(arguments: [
        ("nb", WebLanguage.no), ("nn", .no), ("no", .no), ("nb-NO", .no), ("NB-no", .no), ("nn-NO", .no),
        ("da-DK", .da), ("da", .da), ("sv-SE", .sv), ("sv-FI", .sv), ("en-GB", .en), ("en", .en),
        ("fr-FR", .en), ("*", .en), ("", .en),
    ])
    func singleRanges(header: String, expected: WebLanguage) {
        #expect(WebLanguage.preferred(acceptLanguage: header) == expected)
    }

    @Test func missingHeaderMeansEnglish() {
        #expect(WebLanguage.preferred(acceptLanguage: nil) == .en)
    }

    @Test(arguments: [
        ("de-DE,de;q=0.9,nb;q=0.8,en;q=0.7", WebLanguage.no),
        ("en;q=0.5, da;q=0.8", .da),
        ("sv;q=0.9, da;q=0.9", .sv),
        ("fr, sv-SE;q=0.3, en-US;q=0.2", .sv),
        ("da;q=0, sv;q=0.1", .sv),
        ("da;q=0.000, en;q=0.001", .en),
        ("nb;q=1.0, en;q=0.99", .no),
        ("en-US,en;q=0.9,da;q=0.8", .en),
        ("  sv  ;  q=0.7  ,\tda ; q=0.6", .sv),
        ("da;Q=0.4, sv;q=0.5", .sv),
    ])
    func weightsDecide(header: String, expected: WebLanguage) {
        #expect(WebLanguage.preferred(acceptLanguage: header) == expected)
    }

    @Test func zeroWeightIsExcluded() {
        #expect(WebLanguage.preferred(acceptLanguage: "da;q=0") == .en)
        #expect(WebLanguage.preferred(acceptLanguage: "sv;q=0.0, nb;q=0") == .en)
    }

    @Test(arguments: [
        ";;;,,,", "da;q=", "da;q=abc", "da;q=2", "da;q=1.5", "da;q=0.12345", "da;q=-1", ";q=0.5",
        "-", "da-", "=", "q=1", "\u{0}da", "da\u{0}", "ææ-ØØ;q=0.5", "🇩🇰",
        String(repeating: ",", count: 5_000),
        String(repeating: "da;", count: 2_000), "da;q=0.9;q=;q", "x-klingon;q=1",
    ])
    func malformedInputNeverCrashes(header: String) {
        let language = WebLanguage.preferred(acceptLanguage: header)
        #expect(WebLanguage.allCases.contains(language))
    }

    @Test func malformedWeightSkipsTheEntryOnly() {
        #expect(WebLanguage.preferred(acceptLanguage: "da;q=abc, sv;q=0.2") == .sv)
        #expect(WebLanguage.preferred(acceptLanguage: "da;q=1.5") == .en)
    }

    @Test func onlyTheFirstThousandBytesAreRead() {
        let padding = String(repeating: "x", count: 990)
        #expect(WebLanguage.preferred(acceptLanguage: "fr;q=0.1," + String(repeating: " ", count: 980) + "da") == .da)
        #expect(WebLanguage.preferred(acceptLanguage: padding + ", fr, de, sv") == .en)
    }

    @Test func onlyTheFirstFiftyEntriesAreRead() {
        let unknown = Array(repeating: "fr", count: 49)
        #expect(WebLanguage.preferred(acceptLanguage: (unknown + ["sv"]).joined(separator: ",")) == .sv)
        let tooMany = Array(repeating: "fr", count: 50)
        #expect(WebLanguage.preferred(acceptLanguage: (tooMany + ["sv"]).joined(separator: ",")) == .en)
    }

    @Test func storedChoice() {
        for language in WebLanguage.allCases {
            #expect(WebLanguage.parse(language.rawValue) == language)
        }
        for text in [nil, "", "nb", "EN", " da", "sv ", "english", "no-NO", "dk"] as [String?] {
            #expect(WebLanguage.parse(text) == nil)
        }
    }
}
