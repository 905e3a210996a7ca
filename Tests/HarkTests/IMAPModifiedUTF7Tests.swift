import Foundation
import HarkMail
import Testing

/// Modified UTF-7 (RFC 3501 §5.1.3) against the imap_tools vectors and our own.
@Suite struct IMAPModifiedUTF7Tests {
    struct Vector: Decodable {
        var decoded: String
        var imap_utf7: String
    }

    @Test func matchesTheImapToolsVectors() throws {
        guard let folder = MailCorpus.folder("imap_tools"),
            let data = FileManager.default.contents(
                atPath: folder.appendingPathComponent("imap_utf7_vectors.json").path
            )
        else { return }
        let vectors = try JSONDecoder().decode([Vector].self, from: data)
        #expect(!vectors.isEmpty)
        for vector in vectors {
            #expect(ModifiedUTF7.encode(vector.decoded) == vector.imap_utf7, "\(vector.decoded.debugDescription)")
            #expect(ModifiedUTF7.decode(vector.imap_utf7) == vector.decoded, "\(vector.imap_utf7)")
        }
        print("note: \(vectors.count) of \(vectors.count) imap_tools modified UTF-7 vectors pass")
    }

    @Test func encodesAndDecodesOurOwnVectors() {
        let vectors: [(String, String)] = [
            ("", ""),
            ("&", "&-"),
            ("&&", "&-&-"),
            ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
            ("Sendte elementer", "Sendte elementer"),
            ("Søppelpost", "S&APg-ppelpost"),
            ("Borttagna objekt/Åäö", "Borttagna objekt/&AMUA5AD2-"),
            ("😀", "&2D3eAA-"),
            ("a😀b€", "a&2D3eAA-b&IKw-"),
        ]
        for (decoded, encoded) in vectors {
            #expect(ModifiedUTF7.encode(decoded) == encoded, "\(decoded)")
            #expect(ModifiedUTF7.decode(encoded) == decoded, "\(encoded)")
        }
    }

    @Test(arguments: [
        "&Jjo",  // no closing "-"
        "&Jjo!-",  // "!" is not modified base64
        "&AGE-",  // printable ASCII ("a") must stand for itself
        "&2D0-",  // a lone high surrogate
        "&3gA-",  // a lone low surrogate
        "&AP9-",  // non-zero padding bits
        "&AP8A-",  // an odd byte count
        "&AP8/-",  // "/" belongs to standard base64, not the modified one
        "Søppel",  // raw 8-bit
        "tab\there",  // a control character
    ])
    func refusesInvalidInput(_ encoded: String) {
        #expect(ModifiedUTF7.decode(encoded) == nil)
        #expect(throws: IMAPError.self) { try IMAPMailboxName(encoded: encoded) }
    }

    @Test func roundTripsArbitraryNames() {
        var generator = SystemRandomNumberGenerator()
        let pool: [Character] = [
            "a", "Z", " ", "&", "-", "~", "\"", "*", "æ", "ø", "å", "€", "台", "😀", "\u{1}", "\t", "\u{7f}",
        ]
        for _ in 0..<500 {
            let name = String(
                (0..<Int.random(in: 0...12, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            )
            let encoded = ModifiedUTF7.encode(name)
            #expect(encoded.utf8.allSatisfy { (0x20...0x7e).contains($0) }, "\(name.debugDescription)")
            #expect(ModifiedUTF7.decode(encoded) == name, "\(name.debugDescription)")
        }
    }
}
