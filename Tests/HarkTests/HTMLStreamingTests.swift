import Foundation
import Testing

@testable import HarkXML

/// The streaming (SAX) parse behind ``HTMLText`` and ``HTMLSanitizer``: reused parser contexts, the
/// nesting cap, and names read the way libxml2's tree builder read them.
@Suite struct HTMLStreamingTests {
    @Test(arguments: [
        ("<svg:script>alert(1)</svg:script>ok", "ok", "ok"),
        ("<x:iframe src=http://e.com/>in</x:iframe>ok", "ok", "ok"),
        ("<rdf:li title=t>item</rdf:li>", "<li title=\"t\">item</li>", "item"),
        ("<dc:title>Title</dc:title>body", "body", "body"),
        ("<a:>kept</a:> <b:>kept</b:>", "kept kept", "kept kept"),
    ])
    func prefixedNamesCountByTheirLocalPart(html: String, sanitized: String, text: String) {
        let result = HTMLSanitizer.sanitizeWithText(html, base: nil)
        #expect(result.html == sanitized)
        #expect(result.text == text)
    }

    @Test func reusedContextsStayUTF8AndIndependent() {
        let deep = String(repeating: "<div>", count: 300) + "deep" + String(repeating: "</div>", count: 300)
        let mislabelled = "charset=koi8-r <b>Søren Æbleø</b> <meta charset=iso-8859-1>æøå"
        for _ in 0..<50 {
            #expect(HTMLText.plainText(deep) == "deep")
            #expect(HTMLText.plainText(mislabelled) == "charset=koi8-r Søren Æbleø æøå")
            #expect(HTMLSanitizer.sanitize("<p title=\"æ\">ø</p>", base: nil) == "<p title=\"æ\">ø</p>")
        }
    }

    @Test func attributeRulesFollowTheElement() {
        let html = "<a href=\"http://e.com/\" title=x>a</a><span href=\"http://e.com/\" title=y>s</span>"
            + "<img src=\"http://e.com/i.png\" href=\"http://e.com/\" width=10><td width=10 colspan=2>c</td>"
        #expect(
            HTMLSanitizer.sanitize(html, base: nil)
                == "<a href=\"http://e.com/\" title=\"x\" rel=\"nofollow noopener noreferrer\">a</a>"
                + "<span title=\"y\">s</span><img src=\"http://e.com/i.png\" width=\"10\"><td colspan=\"2\">c</td>"
        )
    }

    /// libxml2 2.9.14 searches its stack of open names on every end tag; the stack is capped at 257
    /// (as the tree builder capped it), so a mismatched end tag per level stays linear.
    @Test func unbalancedEndTagsStayLinear() {
        let count = 200_000
        let html = String(repeating: "<b>", count: count) + String(repeating: "</x>", count: count) + "tail"
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure { text = HTMLText.plainText(html) }
        #expect(text == "tail")
        // A hang guard only (a quadratic search would take hours here); speed is measured in bench/.
        #expect(elapsed < .seconds(60))
        print("HTMLText.plainText: \(count) open <b> and \(count) stray </x> in \(elapsed)")
    }

    /// The allocation-free check for links written as they are agrees with the full one.
    @Test(arguments: [
        "https://e.com/a?b=1&c=2", "HTTP://E.COM/", "http:x", "mailto:a@b.c", "javascript:alert(1)",
        "JaVaScRiPt:x", " https://e.com/", "https://e.com/ ", "ht\ttps://e.com/", "https://e.com/\n", "/relative",
        "data:text/html,x", "h:", "https", "1http://x", "http+x://y", "ftp://e.com/", "",
    ])
    func linksWrittenAsTheyAre(raw: String) {
        let base = URL(string: "https://example.com/feed/")
        for allowMailto in [true, false] {
            var raw = raw
            raw.withUTF8 { bytes in
                let safe = HTMLLink.safeValue(bytes, base: base, allowMailto: allowMailto)
                if HTMLLink.isSafeAsWritten(bytes, allowMailto: allowMailto) {
                    #expect(safe == String(decoding: bytes, as: UTF8.self))
                } else {
                    #expect(safe != String(decoding: bytes, as: UTF8.self) || bytes.isEmpty || safe == nil)
                }
            }
        }
    }
}
