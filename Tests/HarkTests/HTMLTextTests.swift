import Foundation
import Testing

@testable import HarkXML

/// HTML to plain text: spacing, dropped content, entities, recovery, and the fast path.
@Suite struct HTMLTextTests {
    @Test(arguments: [
        ("<p>One</p><p>Two</p>three", "One\n\nTwo\n\nthree"),
        ("<h1>Title</h1>Body", "Title\n\nBody"),
        ("<div>a</div><div>b</div>", "a\nb"),
        ("<div>a</div><div><br></div><div>b</div>", "a\n\nb"),
        ("line one<br>line two<br/>line three", "line one\nline two\nline three"),
        ("a<br><br><br><br>b", "a\n\nb"),
        ("<ul><li>first</li><li>second</li></ul>after", "first\nsecond\nafter"),
        ("<ol><li>x<ul><li>y</li></ul></li></ol>", "x\ny"),
        ("<table><tr><th>Order</th><td>#1</td></tr><tr><td>a</td><td>b</td></tr></table>", "Order #1\na b"),
        ("<blockquote>quoted</blockquote>reply", "quoted\n\nreply"),
        ("text<hr>more", "text\n\nmore"),
        ("<section><article>in</article></section>out", "in\nout"),
        ("<span>in</span><span>line</span> <b>bold</b><i>it</i>", "inline boldit"),
        ("  lots   of \n\t white   space  ", "lots of white space"),
        ("<p>  padded  </p>", "padded"),
        ("<pre>  keep\n    this\n</pre>after", "keep\n    this\n\nafter"),
        ("<p>a</p><pre>x  y\n\n\n\nz</pre>", "a\n\nx  y\n\nz"),
    ])
    func blockSpacing(html: String, expected: String) {
        #expect(HTMLText.plainText(html) == expected)
    }

    @Test(arguments: [
        ("<script>alert(1)</script>ok", "ok"),
        ("a<style>p { color: red }</style>b", "ab"),
        ("<template><p>hidden</p></template>shown", "shown"),
        ("<noscript>Enable JavaScript</noscript>text", "text"),
        ("<head><title>Subject</title><meta charset=utf-8></head><body>Body</body>", "Body"),
        ("<!DOCTYPE html><html><head><style>x{}</style></head><body><p>Hi</p></body></html>", "Hi"),
        ("<iframe src=x>fallback</iframe><object>obj</object><svg><text>icon</text></svg>seen", "seen"),
        ("<select><option>One</option><option>Two</option></select>choice", "choice"),
        ("<!-- a comment -->visible<?pi x?>", "visible"),
        ("<SCRIPT type=text/javascript>var x = '<p>';</SCRIPT>after", "after"),
        ("<script>unterminated", ""),
    ])
    func nonTextIsDropped(html: String, expected: String) {
        #expect(HTMLText.plainText(html) == expected)
    }

    @Test(arguments: [
        ("caf&eacute; &amp; cr&egrave;me", "café & crème"),
        ("a&nbsp;b&nbsp;&nbsp;&nbsp;c", "a b c"),
        ("&lt;b&gt;not bold&lt;/b&gt;", "<b>not bold</b>"),
        ("&#8364;5 &#x20AC;6 &euro;7", "€5 €6 €7"),
        ("&quot;quoted&quot; &apos;single&apos;", "\"quoted\" 'single'"),
        ("&aring;&oslash;&aelig; &Aring;&Oslash;&AElig;", "åøæ ÅØÆ"),
        ("AT&T and &unknownentity; stay", "AT&T and &unknownentity; stay"),
        ("&mdash;&ndash;&hellip;", "—–…"),
    ])
    func entitiesAreDecoded(html: String, expected: String) {
        #expect(HTMLText.plainText(html) == expected)
    }

    @Test func nordicTextIsIntact() {
        let html = "<p>Søren Ørsted fra Århus: «Æbleskiver og øl!» – Åsa Lindström, Göteborg. Þórr ðú</p>"
        #expect(
            HTMLText.plainText(html) == "Søren Ørsted fra Århus: «Æbleskiver og øl!» – Åsa Lindström, Göteborg. Þórr ðú"
        )
    }

    @Test func aMetaCharsetCannotSwitchTheEncoding() {
        let html =
            "<meta charset=\"iso-8859-1\"><meta http-equiv=Content-Type "
            + "content=\"text/html; charset=koi8-r\"><p>æøå 日本</p>"
        #expect(HTMLText.plainText(html) == "æøå 日本")
    }

    @Test(arguments: [
        ("<p>unclosed <b>bold <i>italic", "unclosed bold italic"),
        ("<div><p>a</div>b", "a\n\nb"),
        ("</p>stray end tags</div></b>", "stray end tags"),
        ("<<>> < not a tag >", "<<>> < not a tag >"),
        ("a <b attr='unterminated>text", "a"),
        ("<table><td>cell without row", "cell without row"),
        ("<p>one<p>two<li>three", "one\n\ntwo\n\nthree"),
        ("<b><i>misnested</b></i> ok", "misnested ok"),
        ("text</body>after</html>more", "textaftermore"),
    ])
    func brokenHTMLIsRecovered(html: String, expected: String) {
        #expect(HTMLText.plainText(html) == expected)
    }

    @Test func nulBytesAndControlsAreDropped() {
        #expect(HTMLText.plainText("a\u{0}b <b>c\u{0}d</b>\u{0}") == "ab cd")
        #expect(HTMLText.plainText("no\u{0}markup\u{1}here") == "nomarkuphere")
        #expect(HTMLText.plainText("<p>bell\u{7}</p>") == "bell")
    }

    @Test(arguments: [
        (
            HTMLText.ImageText.symbols,
            "Rated <img alt=\"★★☆☆☆\" src=s.png> by <img alt=\"Company logo\"> me <img alt=\"😡\">",
            "Rated ★★☆☆☆ by me 😡"
        ),
        (.all, "<img alt=\"Company logo\">text", "Company logo text"),
        (.none, "a<img alt=\"😡\">b", "ab"),
    ])
    func imageAltText(mode: HTMLText.ImageText, html: String, expected: String) {
        #expect(HTMLText.plainText(html, options: .init(imageText: mode)) == expected)
    }

    @Test func deepNestingKeepsAllText() {
        let divs =
            String(repeating: "<div>", count: 2_000) + "inner" + String(repeating: "</div>", count: 2_000) + "end"
        #expect(HTMLText.plainText(divs) == "inner\nend")
        let words = (0..<1_000).map { "<b>w\($0) " }.joined()
        #expect(HTMLText.plainText(words) == (0..<1_000).map { "w\($0)" }.joined(separator: " "))
        let unbalanced = String(repeating: "<b>", count: 50_000) + String(repeating: "</i>", count: 50_000) + "tail"
        #expect(HTMLText.plainText(unbalanced) == "tail")
    }

    @Test(arguments: [
        "plain text", "  leading and trailing  ", "tabs\tand\nnewlines\r\nhere", "nbsp\u{00A0}\u{00A0}runs",
        "Søren > Åsa \"quoted\" 'single'", "controls\u{1}\u{7F}gone", "", "   ", "emoji 😡 ★", "nul\u{0}byte",
    ])
    func fastPathMatchesTheParser(text: String) {
        #expect(HTMLText.plainText(text) == HTMLText.parsedText(text, options: .init()))
    }

    @Test func largeInputIsQuick() {
        let paragraph = "<p>Leveringen tok <b>tre uker</b> &amp; varen var ødelagt. Kundeservice svarte aldri.</p>\n"
        let html = String(repeating: paragraph, count: (1 << 20) / paragraph.utf8.count + 1)
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure { text = HTMLText.plainText(html) }
        #expect(text.hasPrefix("Leveringen tok tre uker & varen var ødelagt."))
        #expect(text.components(separatedBy: "\n\n").count > 10_000)
        print("HTMLText.plainText: \(html.utf8.count) bytes in \(elapsed)")
    }

    @Test func concurrentParsesAreIndependent() async {
        await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let html = "<p>item \(index)</p><div><b>broken <i>html</div><section>html5</section>"
                    return (0..<200).allSatisfy { _ in
                        HTMLText.plainText(html) == "item \(index)\n\nbroken html\nhtml5"
                    }
                }
            }
            for await result in group { #expect(result) }
        }
    }
}
