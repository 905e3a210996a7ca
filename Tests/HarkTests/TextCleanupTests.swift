import HarkCore
import Testing

/// Text clean-up: the fast path for already-clean text must give what the full path gives.
@Suite struct TextCleanupTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("line one\nline two\tend", "line one\nline two\tend"),
        ("crlf\r\nline", "crlf\nline"),
        ("nul\u{0}byte", "nulbyte"),
        ("esc\u{1B}[31mred", "esc[31mred"),
        ("c1\u{85}next", "c1next"),
        ("  padded  ", "padded"),
        ("\u{00A0}nbsp at start", "nbsp at start"),
        ("Søren Ørsted, Åsa – €5 … 日本", "Søren Ørsted, Åsa – €5 … 日本"),
        ("", ""),
    ])
    func body(input: String, expected: String) {
        #expect(TextCleanup.body(input) == expected)
    }

    @Test(arguments: [
        ("Kari N.", "Kari N."),
        ("two  spaces", "two spaces"),
        ("tab\there", "tab here"),
        ("Hi\r\nBcc: victim@x", "Hi Bcc: victim@x"),
        ("line\u{2028}separator", "line separator"),
        ("nbsp\u{00A0}inside", "nbsp inside"),
        ("ideographic\u{3028}mark", "ideographic\u{3028}mark"),
        ("Åsa Lindström", "Åsa Lindström"),
        (" lead", "lead"),
    ])
    func singleLine(input: String, expected: String) {
        #expect(TextCleanup.singleLine(input) == expected)
    }

    @Test func emptyAndBlankSingleLinesAreNil() {
        #expect(TextCleanup.singleLine("") == nil)
        #expect(TextCleanup.singleLine(" \r\n\t ") == nil)
    }

    @Test func randomTextIsCleanAndStable() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{85}", "\u{A0}", "\u{2028}", "ø", "€", "日"]
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...20, using: &generator) {
                text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
            }
            let body = TextCleanup.body(text)
            #expect(TextCleanup.body(body) == body)
            #expect(!body.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
            if let line = TextCleanup.singleLine(text) {
                #expect(TextCleanup.singleLine(line) == line)
                #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{2028}" })
                #expect(!line.contains("  "))
            }
        }
    }
}
