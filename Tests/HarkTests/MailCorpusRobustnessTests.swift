import Foundation
import HarkCore
import HarkMail
import Testing

/// gmime's charset pairs through the MIME path, and CPython's classic messages parsed without loss
/// or crash.
@Suite struct MailCorpusRobustnessTests {
    /// `<text>.<charset>.txt` sent as a base64 `text/plain; charset=<label>` part decodes to exactly
    /// `<text>.utf-8.txt` (Big5 leaves out the kanji it cannot encode, so its check is containment).
    @Test(arguments: [
        ("cyrillic", "cp1251", "windows-1251"), ("cyrillic", "iso-8859-5", "iso-8859-5"),
        ("cyrillic", "koi8-r", "koi8-r"),
        ("japanese", "iso-2022-jp", "iso-2022-jp"), ("japanese", "shift-jis", "shift_jis"), ("chinese", "big5", "big5"),
        ("french-fable", "cp1252", "windows-1252"),
    ])
    func gmimeCharsetPairs(text: String, file: String, label: String) throws {
        guard let folder = MailCorpus.folder("gmime/tests/data/filters"),
            let encoded = MailCorpus.bytes(folder.appendingPathComponent("\(text).\(file).txt"))
        else { return }
        let message = MailParser.parse(Self.message(label: label, body: encoded))
        #expect(message.defects.isEmpty, "\(message.defects)")
        #expect(!message.text.contains("\u{FFFD}"))
        if let expected = MailCorpus.bytes(folder.appendingPathComponent("\(text).utf-8.txt")) {
            let want = TextCleanup.body(String(decoding: expected, as: UTF8.self))
            if file == "big5" {
                #expect(message.text.count > 600 && want.unicodeScalars.count >= message.text.unicodeScalars.count)
            } else {
                #expect(message.text == want)
            }
        } else {
            #expect(message.text.hasPrefix("Maître Corbeau, sur un arbre perché,"))
        }
    }

    static func message(label: String, body: [UInt8]) -> [UInt8] {
        let encoded = Data(body).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        return Array(
            """
            From: a@example.com\r
            Subject: charset\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset="\(label)"\r
            Content-Transfer-Encoding: base64\r
            \r
            \(encoded)\r

            """.utf8
        )
    }

    /// Every message of CPython's email tests parses: valid UTF-8 without control characters out,
    /// and each message keeps its header fields or its text.
    @Test func cpythonMessagesParse() throws {
        guard let folder = MailCorpus.folder("cpython-email") else { return }
        let files = MailCorpus.files(in: folder, suffix: ".txt")
        var withContent = 0
        for url in files {
            guard let bytes = MailCorpus.bytes(url) else { continue }
            let started = Date()
            let message = MailParser.parse(bytes)
            // Only a hang guard for a loaded debug build; speed is measured in bench/.
            #expect(Date().timeIntervalSince(started) < 60, "\(url.lastPathComponent)")
            for text in [message.text, message.newText, message.subject ?? "", message.html ?? ""] {
                #expect(
                    !text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" },
                    "\(url.lastPathComponent)"
                )
            }
            if !message.headers.isEmpty || !message.text.isEmpty { withContent += 1 }
        }
        print("cpython-email: \(files.count) messages parsed, \(withContent) with their header fields or text")
        #expect(files.count >= 40)
        #expect(withContent == files.count)
    }
}
