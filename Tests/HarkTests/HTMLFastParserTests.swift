import Foundation
import HarkFeeds
import Testing

@testable import HarkXML

/// ``HTMLFastParser`` must hand the sink exactly what libxml2's HTML parser hands it, wherever it
/// reads an input at all: the sanitised HTML and the text of both readers are compared over
/// hand-written edge cases, every HTML fragment of the feed fixtures and corpora, and generated
/// markup. The share it reads is printed (and held above a floor for well-formed input, so that the
/// comparison is not vacuous).
@Suite struct HTMLFastParserTests {
    static let base = URL(string: "https://example.com/blog/feed.xml")

    /// Whether the fast parser reads `html` through to the end.
    static func isReadFast(_ html: String) -> Bool {
        let sink = HTMLEventSink(sanitizer: nil, text: HTMLTextVisitor(capacity: 16, options: .init()))
        var source = html
        return source.withUTF8 { HTMLFastParser.parse($0, into: sink) }
    }

    /// A description of how the two readers differ on `html`, or `nil` when they agree.
    static func mismatch(_ html: String) -> String? {
        for options in [HTMLText.Options(), HTMLText.Options(imageText: .all)] {
            let fast = HTMLSanitizer.sanitizeWithText(html, base: base, textOptions: options, fast: true)
            let slow = HTMLSanitizer.sanitizeWithText(html, base: base, textOptions: options, fast: false)
            if fast.html != slow.html {
                return "input \(html.debugDescription)\n html fast \(fast.html.debugDescription)\n html libxml2 \(slow.html.debugDescription)"
            }
            if fast.text != slow.text {
                return "input \(html.debugDescription)\n text fast \(fast.text.debugDescription)\n text libxml2 \(slow.text.debugDescription)"
            }
        }
        return nil
    }

    /// Well-formed markup the fast parser must read itself.
    static let readFast: [String] = [
        "<p>Hello <b>world</b> &amp; all</p>",
        "<P CLASS=x>Upper <EM>case</EM></P>",
        "<p>Se <a href=\"https://forum.example.dk/t/1?ref=feed&amp;utm_source=rss\">tråden</a> og <strong>X</strong> &mdash; <em>y</em></p>",
        "<ul><li>one</li><li>two</li></ul>",
        "<ol>\n  <li>a</li>\n  <li>b</li>\n</ol>",
        "<blockquote><p>quoted</p></blockquote><img src=\"https://cdn.example.no/1.jpg\" alt=\"billede\" width=\"640\" height=\"480\" />",
        "<div class=\"review\" style=\"color:#333\"><span class=\"stars\">★★★</span><br/>Dårlig</div>",
        "text &#8212; &#x2014; &#39; &eacute; &Eacute; &nbsp;end",
        "AT&T and R&D; &foo; &amp &copy 2020 & more",
        "<a href='x.html?a=1&b=2'>rel</a> <a href=/abs/path>abs</a> <a href=mailto:x@y.z>m</a>",
        "<img src=x.png alt='&lt;3 &#9733;'> <img alt=\"😡\" src=\"a.gif\"/>",
        "<a href=x/>bare value with slash</a>",
        "<!-- wp:paragraph --><p>WordPress</p><!-- /wp:paragraph -->",
        "<p/>after empty p",
        "<br><br/><br />",
        "<table><tr><td>a</td><td colspan=\"2\">b</td></tr></table>",
        "<pre>\n  code\n    indented</pre>",
        "<pre>line</pre>",
        "<h1>Title</h1><h2>Sub</h2><p>para</p><hr><p>after rule</p>",
        "<dl><dt>term</dt><dd>definition</dd></dl>",
        "<figure><img src=a.jpg><figcaption>cap</figcaption></figure>",
        "<p>unclosed at the end <b>bold",
        "<span title=\"t\" title2='u' data-x=1>attrs</span>",
        "<a href=\"javascript:alert(1)\">js</a><a href=\"data:text/html,x\">data</a>",
        "<p>tab\there</p >",
        "<del datetime=\"2020-01-01\">old</del><ins cite=\"https://e.com\">new</ins>",
        "<center>centred</center><section><article><header>h</header><footer>f</footer></article></section>",
        "<p>wbr<br>inside</p><table><td>cell without a row</td></table>",
        "<font color=red>font</font><tt>tt</tt><big>big</big>",
        "<a href=\"https://e.com\"><img src=\"i.png\" alt=\"\"></a>",
        "plain & simple < 3 <= 4 <> a <_b> end <", "< p>", "<3 love",
    ]

    /// Markup the fast parser leaves to libxml2 (the public path still agrees with libxml2's reading).
    static let leftToLibXML2: [String] = [
        "<p>one<p>two", "<ul><li>a<li>b</ul>", "<b><p>block in inline</p></b>", "<script>alert(1)</script>",
        "<style>p{}</style>x", "<html><body>doc</body></html>", "<p>x</div>", "<p>x</b>", "</p>stray",
        "text\u{0}nul", "cr\r\nlf", "ctrl\u{1}x", "non\u{FFFE}char", "<!DOCTYPE html><p>x</p>",
        "<![CDATA[x]]>", "<?php echo 1; ?>", "<p a=1 a=2>dup</p>", "<p A=1 a=2>dup</p>",
        "&#0; &#xD800;", "&#; &#x;", "&#65", "<!-->", "<!--->", "<!-- a -- b -->", "<!-- unterminated",
        "<my-tag>x</my-tag>", "<svg:rect/>", "<p =x>", "<p/x>", "<a href=>", "<a href=\"unterminated>",
        "<textarea><b>x</b></textarea>", "<title>t</title>", "<br></br>", "<p>wbr<wbr>inside</p>", "a <? b", "x</ p>",
        "<p>" + String(repeating: "<span>", count: 250) + "deep",
        "<p " + (0..<70).map { "a\($0)=1" }.joined(separator: " ") + ">many</p>",
    ]

    /// The eight-byte test lets no `<`, `&`, control or 0xEF byte through at any position, and lets
    /// every other byte from 0x20 up through.
    @Test func theEightByteTestMatchesTheByteClasses() {
        for byte in 0..<256 {
            let refused = byte < 0x20 || byte == 0x3C || byte == 0x26 || byte == 0xEF
            for position in 0..<8 {
                var word = UInt64(0x6161_6161_6161_6161)
                word &= ~(UInt64(0xFF) << (8 * UInt64(position)))
                word |= UInt64(byte) << (8 * UInt64(position))
                #expect(HTMLFastParser.isPlain(word) == !refused, "byte \(byte) at \(position)")
            }
        }
    }

    /// The implied-end-tag relation the fast parser uses (mostly libxml2's `htmlAutoCloseTag`) is
    /// what libxml2's parser does, for every pair of elements it reads.
    @Test func everyPairNestsAsLibXML2ParsesIt() {
        let vocabulary = HTMLFastVocabulary.shared
        var differences: [String] = []
        for new in HTMLFastVocabulary.names {
            let newIndex = vocabulary.index(of: new)!
            for old in [nil] + HTMLFastVocabulary.names.map(Optional.some) {
                if let old, vocabulary.entries[vocabulary.index(of: old)!].isVoid { continue }
                let used = vocabulary.nests(newIndex, inside: old.map { vocabulary.index(of: $0)! })
                if used != HTMLFastVocabulary.probedNests(new, inside: old) {
                    differences.append("<\(new)> in <\(old ?? "body")>: fast parser says \(used)")
                }
            }
        }
        #expect(differences == [])
    }

    @Test func readsWellFormedMarkupItselfAndAgreesWithLibXML2() {
        let unread = Self.readFast.filter { !Self.isReadFast($0) }
        #expect(unread == [])
        let mismatches = Self.readFast.compactMap(Self.mismatch)
        #expect(mismatches == [], "\(mismatches.joined(separator: "\n"))")
    }

    @Test func leavesTheRestToLibXML2() {
        let read = Self.leftToLibXML2.filter(Self.isReadFast)
        #expect(read == [])
        let mismatches = Self.leftToLibXML2.compactMap(Self.mismatch)
        #expect(mismatches == [], "\(mismatches.joined(separator: "\n"))")
    }

    @Test(arguments: [false, true]) func agreesWithLibXML2OnGeneratedMarkup(balanced: Bool) {
        var generator = A6Random(state: balanced ? 0x4841_524B : 0x4B52_4148)
        var read = 0
        var mismatches: [String] = []
        let count = 3_000
        for _ in 0..<count {
            let html = balanced ? Self.generateTree(&generator, depth: 0) : Self.generate(&generator)
            if Self.isReadFast(html) { read += 1 }
            if let mismatch = Self.mismatch(html) { mismatches.append(mismatch) }
        }
        print(
            "HTMLFastParser, generated \(balanced ? "nested" : "random") markup: \(read) of \(count) read fast, "
                + "\(mismatches.count) mismatches")
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).joined(separator: "\n"))")
        // Random piece sequences are mostly broken markup; nested markup is mostly read fast.
        #expect(read > (balanced ? count / 2 : count / 20))
    }

    @Test func agreesWithLibXML2OnEveryFeedFragment() throws {
        var roots = [URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/feeds")]
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/corpora/feeds").standardizedFileURL
        if FileManager.default.fileExists(atPath: shared.path) {
            roots.append(shared)
        } else {
            print("note: \(shared.path) is absent; only the project's own feed fixtures are compared")
        }
        var fragments = 0
        var read = 0
        var mismatches: [String] = []
        var options = FeedParseOptions(url: Self.base, httpCharset: nil)
        options.processHTML = false
        for root in roots {
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in walker {
                guard let data = try? Data(contentsOf: file), data.count < 1 << 20,
                    let feed = try? FeedParser.parse(data, options: options)
                else { continue }
                for item in feed.items {
                    for html in [item.text, item.title ?? ""] where html.contains("<") || html.contains("&") {
                        fragments += 1
                        if Self.isReadFast(html) { read += 1 }
                        if let mismatch = Self.mismatch(html) { mismatches.append("\(file.lastPathComponent): \(mismatch)") }
                    }
                }
            }
        }
        print("HTMLFastParser, feed fragments: \(read) of \(fragments) read fast, \(mismatches.count) mismatches")
        #expect(fragments > 20)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    // MARK: - Generated markup

    private static let pieces: [String] = [
        "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<em>", "</em>", "<strong>", "</strong>", "<a href=\"/x?a=1&amp;b=2\">",
        "<a href=http://e.com/>", "</a>", "<ul>", "</ul>", "<li>", "</li>", "<ol>", "</ol>", "<div class=c>", "</div>",
        "<span title='t &quot;q&quot;'>", "</span>", "<br>", "<br/>", "<img src=i.png alt=\"★★\">", "<hr />",
        "<blockquote>", "</blockquote>", "<pre>", "</pre>", "<h2>", "</h2>", "<table>", "</table>", "<tr>", "</tr>",
        "<td>", "</td>", "<th colspan=2>", "</th>", "<dl>", "<dt>", "<dd>", "</dl>", "<code>", "</code>",
        "<!-- c -->", "&amp;", "&lt;", "&gt;", "&nbsp;", "&eacute;", "&AElig;", "&#8217;", "&#x1F600;", "&bogus;",
        "&", "R&D", " ", "  ", "\n", "\t", "æøå", "Ærø", "text", "more words", "<", ">", "\"", "'",
        "<script>x</script>", "<style>s</style>", "<form><input></form>", "<iframe src=x></iframe>", "<font>",
        "</font>", "<center>", "</center>", "<P>", "</P>", "<wbr>", "<sup>", "</sup>", "<q>", "</q>",
    ]

    private static let elements = HTMLFastVocabulary.names + ["script", "form", "title", "textarea", "html", "x-y"]
    private static let attributes = [
        "", " href=\"https://e.com/a?b=1&amp;c=2\"", " href='/rel'", " href=x/", " src=i.png", " alt=\"&lt;3 ★\"",
        " title=\"T\"", " class=c", " style=\"color:red\"", " onclick=\"x()\"", " colspan=2", " width=\"50%\"",
        " disabled", " data-long-attribute-name-here=1", " HREF=\"javascript:x\"",
    ]
    private static let texts = [
        "text", " ", "\n", "æøå ÆØÅ", "&amp;", "&nbsp;", "&Eacute;&eacute;", "&#8217;", "&#x1F600;", "R&D", "&bogus;",
        "a < b", "<!-- note -->", "\t", "  two  spaces  ",
    ]

    /// Nested markup: mostly well-formed, with an element the fast parser leaves to libxml2 now and then.
    static func generateTree(_ generator: inout A6Random, depth: Int) -> String {
        var html = ""
        for _ in 0..<(Int(generator.next() % 4) + 1) {
            if depth < 5 && generator.next() % 2 == 0 {
                let name = elements[Int(generator.next() % UInt64(elements.count))]
                let attribute = attributes[Int(generator.next() % UInt64(attributes.count))]
                let upper = generator.next() % 10 == 0
                let tag = upper ? name.uppercased() : name
                let selfClose = generator.next() % 12 == 0
                html += "<\(tag)\(attribute)\(selfClose ? "/" : "")>"
                if !selfClose { html += generateTree(&generator, depth: depth + 1) + "</\(tag)>" }
            } else {
                html += texts[Int(generator.next() % UInt64(texts.count))]
            }
        }
        return html
    }

    static func generate(_ generator: inout A6Random) -> String {
        let length = Int(generator.next() % 24) + 1
        var html = ""
        for _ in 0..<length {
            html += pieces[Int(generator.next() % UInt64(pieces.count))]
        }
        return html
    }
}
