import Foundation
import Testing

@testable import HarkXML

/// The allowlist sanitiser: an XSS battery (written in the style of the OWASP filter-evasion cheat
/// sheet) that must come out harmless, and exact outputs for what is kept.
@Suite struct HTMLSanitizerTests {
    static let base = URL(string: "https://reviews.example.com/shop/item?id=1")

    static let vectors: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</script>",
        "<<script>alert(1);//<</script>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\" ONERROR=\"alert(1)\">",
        "<img src=x onerror=alert(1)//",
        "<img/src=x/onerror=alert(1)>",
        "<img src=`x`onerror=alert(1)>",
        "<img src=\"javascript:alert(1)\">",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "<img srcset=\"javascript:alert(1) 1x\" src=ok.png>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"&#14;javascript:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
        "<a href=\"jav\tascript:alert(1)\">x</a>",
        "<a href=\"java\u{0}script:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
        "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099"
            + "&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"livescript:alert(1)\">x</a>",
        "<a href=javascript&colon;alert(1)>x</a>",
        "<a href=\"http://ok.example\" onmouseover=\"alert(1)\">x</a>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<button formaction=\"javascript:alert(1)\">x</button>",
        "<input onfocus=alert(1) autofocus>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<div style=\"width: expression(alert(1));\">x</div>",
        "<style>@import 'javascript:alert(1)';</style>",
        "<p style=\"behavior: url(x.htc)\">x</p>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<xmp><p title=\"</xmp><img src=x onerror=alert(1)>\"></xmp>",
        "<textarea><img src=x onerror=alert(1)></textarea>",
        "<title><img src=x onerror=alert(1)></title>",
        "<p title=\"&quot;><script>alert(1)</script>\">x</p>",
        "<p title='\"onmouseover=alert(1)'>x</p>",
        "<!--<img src=x onerror=alert(1)>-->",
        "<![CDATA[<img src=x onerror=alert(1)>]]>",
        "<?xml-stylesheet href=\"javascript:alert(1)\"?>",
        "<template><img src=x onerror=alert(1)></template>",
        "<blockquote cite=\"javascript:alert(1)\">q</blockquote>",
        "<table background=\"javascript:alert(1)\"><td background=\"javascript:alert(1)\">x</td></table>",
        "<div class=x id=y data-x=\"javascript:alert(1)\" lang=en dir=rtl>x</div>",
        "<img dynsrc=\"javascript:alert(1)\" lowsrc=\"javascript:alert(1)\">",
        "\u{FEFF}<script>alert(1)</script>",
        "<a href=\"#\" onclick=\"alert(1)\">x</a>",
        "<a href=\"/relative\" style=\"color:red\">x</a>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<scrIpt/xss src=x></script>",
        "<img \"\"\"><script>alert(1)</script>\">",
        "<a href=\"http://a.example/\"\"onclick=alert(1)>x</a>",
    ]

    @Test(arguments: vectors)
    func xssVectorsComeOutHarmless(vector: String) {
        for base in [Self.base, nil] {
            let output = HTMLSanitizer.sanitize(vector, base: base)
            #expect(HTMLSanitizedChecker.problems(in: output) == [], "\(output)")
            let lower = output.lowercased()
            for banned in ["<script", "javascript:", "vbscript:", "data:", "livescript:", "style=\""] {
                #expect(!lower.contains(banned), "\(banned) in \(output)")
            }
            #expect(lower.range(of: #"<[^>]*\son\w+="#, options: .regularExpression) == nil, "\(output)")
        }
    }

    @Test(arguments: [
        ("<p class=x style='color:red' onclick=alert(1)>Hi <b>there</b></p>", "<p>Hi <b>there</b></p>"),
        (
            "<a href=\"https://ok.example/p?a=1&amp;b=2\" target=_blank>ok</a>",
            "<a href=\"https://ok.example/p?a=1&amp;b=2\" rel=\"nofollow noopener noreferrer\">ok</a>"
        ),
        (
            "<a href=\"/rel\">r</a>",
            "<a href=\"https://reviews.example.com/rel\" rel=\"nofollow noopener noreferrer\">r</a>"
        ),
        (
            "<a href=\"//cdn.example/x\">p</a>",
            "<a href=\"https://cdn.example/x\" rel=\"nofollow noopener noreferrer\">p</a>"
        ),
        (
            "<a href=\"mailto:kari@example.no\">mail</a>",
            "<a href=\"mailto:kari@example.no\" rel=\"nofollow noopener noreferrer\">mail</a>"
        ),
        (
            "<img src=a.png alt='Smil \"😀\"' width=100 height=50% title=t onload=x>",
            "<img src=\"https://reviews.example.com/shop/a.png\" alt=\"Smil &quot;😀&quot;\" width=\"100\" "
                + "height=\"50%\" title=\"t\">"
        ),
        ("<img src=\"mailto:x@y\" width=\"100px\">", "<img>"),
        ("<table><tr><td colspan=2 rowspan=x>c</td></tr></table>", "<table><tr><td colspan=\"2\">c</td></tr></table>"),
        (
            "<del datetime=\"2024-01-01\" cite=\"https://a.example/\">old</del><ins>new</ins>",
            "<del datetime=\"2024-01-01\" cite=\"https://a.example/\">old</del><ins>new</ins>"
        ),
        ("<div><custom-element>kept <b>text</b></custom-element></div>", "<div>kept <b>text</b></div>"),
        ("<font color=red><center>unwrapped</center></font>", "unwrapped"),
        ("<p>unclosed <b>bold", "<p>unclosed <b>bold</b></p>"),
        ("a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"),
        ("<p>1 &lt; 2 &amp; &quot;q&quot;</p>", "<p>1 &lt; 2 &amp; \"q\"</p>"),
        ("Søren & Åsa <em>æøå</em>", "Søren &amp; Åsa <em>æøå</em>"),
        ("line<br>break<hr>rule", "line<br>break<hr>rule"),
        ("<h2>T</h2><ul><li>x</li></ul><pre>  code</pre>", "<h2>T</h2><ul><li>x</li></ul><pre>  code</pre>"),
        ("<!-- c -->text<script>x</script><style>y</style>", "text"),
        ("<!DOCTYPE html><html><head><title>T</title></head><body><p>B</p></body></html>", "<p>B</p>"),
    ])
    func keepsTheAllowlist(html: String, expected: String) {
        #expect(HTMLSanitizer.sanitize(html, base: Self.base) == expected)
    }

    @Test(arguments: [URL(string: "file:///etc/passwd"), URL(string: "ftp://host/dir/"), nil])
    func relativeLinksNeedAnHTTPBase(base: URL?) {
        #expect(
            HTMLSanitizer.sanitize("<a href=\"x.html\">x</a><img src=\"/i.png\">", base: base)
                == "<a rel=\"nofollow noopener noreferrer\">x</a><img>"
        )
        #expect(
            HTMLSanitizer.sanitize("<a href=\"https://abs.example/\">a</a>", base: base)
                == "<a href=\"https://abs.example/\" rel=\"nofollow noopener noreferrer\">a</a>"
        )
    }

    @Test(arguments: [
        "plain text", "a > b \"quoted\" 'single'", "Søren Ørsted 😡", "tabs\tnew\nlines\r\n", "ctrl\u{1}\u{7F}", "",
        "nul\u{0}byte",
    ])
    func fastPathMatchesTheParser(text: String) {
        #expect(HTMLSanitizer.sanitize(text, base: nil) == HTMLSanitizer.parsedSanitize(text, base: nil))
    }

    @Test(
        arguments: vectors + [
            HTMLSpeedSample.review, "<p>a</p><form>typed <b>text</b></form><math><mi>x</mi></math>", "plain & simple",
            "no markup at all", "<select><option>o</option></select><textarea>t</textarea>", "",
        ]
    )
    func oneParseGivesWhatBothCallsGive(html: String) {
        let both = HTMLSanitizer.sanitizeWithText(html, base: Self.base)
        #expect(both.html == HTMLSanitizer.sanitize(html, base: Self.base))
        #expect(both.text == HTMLText.plainText(html))
    }

    @Test func aTagWithThousandsOfAttributesIsCut() {
        let attributes = (0..<50_000).map { "a\($0)=\"v\"" }.joined(separator: " ")
        let html = "<p title=\"first\" \(attributes) onclick=\"alert(1)\">text</p><b>after</b>"
        let clock = ContinuousClock()
        var output = ""
        let elapsed = clock.measure { output = HTMLSanitizer.sanitize(html, base: nil) }
        #expect(output == "<p title=\"first\">text</p><b>after</b>")
        print("HTMLSanitizer.sanitize: one tag of 50,000 attributes (\(html.utf8.count) bytes) in \(elapsed)")
    }

    @Test(arguments: [
        ("<p a=1 b=2>x", "<p a=1 b=2>x"),
        ("a\u{0}b<i\u{0}>c", "ab<i>c"),
        ("<p t=\"> \u{0} <\">", "<p t=\">  <\">"),
        ("< p> <1> <", "< p> <1> <"),
    ])
    func inputPreparation(html: String, expected: String) {
        var source = html
        let prepared = source.withUTF8 { HTMLInput.prepare($0, prefix: []) }
        #expect(String(decoding: prepared, as: UTF8.self) == expected)
    }

    @Test func inputPreparationCutsAfterTheLimit() {
        let names = (0..<(HTMLInput.maxAttributes + 10)).map { "a\($0)" }
        var source = "<p " + names.joined(separator: " ") + ">t"
        let prepared = String(decoding: source.withUTF8 { HTMLInput.prepare($0, prefix: []) }, as: UTF8.self)
        #expect(prepared == "<p " + names.prefix(HTMLInput.maxAttributes).joined(separator: " ") + " >t")
    }

    @Test func deepNestingStaysBalancedAndKeepsText() {
        let html = String(repeating: "<div><b>", count: 1_000) + "core" + String(repeating: "</b></div>", count: 1_000)
        let output = HTMLSanitizer.sanitize(html, base: nil)
        #expect(output.contains("core"))
        #expect(HTMLSanitizedChecker.problems(in: output) == [])
        #expect(output.components(separatedBy: "<div>").count == output.components(separatedBy: "</div>").count)
    }

    @Test func typicalReviewSpeed() {
        let html = HTMLSpeedSample.review
        let clock = ContinuousClock()
        let rounds = 2_000
        var text = ""
        var sanitized = ""
        let textTime = clock.measure { for _ in 0..<rounds { text = HTMLText.plainText(html) } }
        let sanitizeTime = clock.measure {
            for _ in 0..<rounds { sanitized = HTMLSanitizer.sanitize(html, base: Self.base) }
        }
        #expect(!text.isEmpty && !sanitized.isEmpty)
        let megabytes = Double(html.utf8.count * rounds) / 1_000_000
        func report(_ name: String, _ duration: Duration) {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            let perCall = seconds / Double(rounds) * 1e6
            print(
                "\(name): \(html.utf8.count)-byte review, \(Int(perCall)) µs per call, "
                    + "\(Int(megabytes / seconds)) MB/s"
            )
        }
        report("HTMLText.plainText", textTime)
        report("HTMLSanitizer.sanitize", sanitizeTime)
    }
}
