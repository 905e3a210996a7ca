import Foundation
import HarkMail
import Testing

/// Building commands: quoting, literals, and refusing CR, LF and NUL from configuration.
@Suite struct IMAPCommandTests {
    static func text(_ command: IMAPCommand, literalPlus: Bool = false) throws -> [String] {
        try command.encoded(tag: "H7", literalPlus: literalPlus).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func buildsTheFetchCommand() throws {
        let items: [IMAPCommand.Argument] = [
            .atom("UID"), .atom("INTERNALDATE"), .atom("RFC822.SIZE"), .atom("BODY.PEEK[]"),
        ]
        let command = IMAPCommand("UID FETCH", [.atom(IMAPSequenceSet(1...100).description), .list(items)])
        #expect(try Self.text(command) == ["H7 UID FETCH 1:100 (UID INTERNALDATE RFC822.SIZE BODY.PEEK[])\r\n"])
    }

    @Test func quotesAndEncodesMailboxNames() throws {
        let cases: [(String, String)] = [
            ("INBOX", "\"INBOX\""),
            ("inbox", "\"INBOX\""),
            ("Kunder \"VIP\"", "\"Kunder \\\"VIP\\\"\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("x*y%z", "\"x*y%z\""),
            ("Ærø & Co", "\"&AMY-r&APg- &- Co\""),
            ("Входящие", "\"&BBIERQQ+BDQETwRJBDgENQ-\""),
        ]
        for (name, wire) in cases {
            let command = IMAPCommand("EXAMINE", [.mailbox(try IMAPMailboxName(name))])
            #expect(try Self.text(command) == ["H7 EXAMINE \(wire)\r\n"], "\(name)")
        }
    }

    @Test(arguments: ["INBOX\r\nA1 DELETE INBOX", "a\rb", "a\nb", "a\0b", ""])
    func refusesMailboxNamesThatCouldInjectCommands(_ name: String) {
        #expect(throws: IMAPError.self) { try IMAPMailboxName(name) }
        do {
            _ = try IMAPMailboxName(name)
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(!error.message.contains("DELETE"), "the message does not echo the name")
        }
    }

    @Test func refusesStringsAndAtomsThatCouldInjectCommands() {
        for argument: IMAPCommand.Argument in [
            .string("a\r\nH8 DELETE INBOX"), .string("nul\0"), .atom("1:2 (BODY[])"), .atom("x\r\n"), .atom(""),
            .list([.atom("ok"), .atom("bad\"quote")]),
        ] {
            #expect(throws: IMAPError.self) { try IMAPCommand("UID FETCH", [argument]).encoded(tag: "H1") }
        }
        #expect(throws: IMAPError.self) { try IMAPCommand("NOOP").encoded(tag: "H 1") }
        #expect(throws: IMAPError.self) { try IMAPCommand("NOOP\r\nX").encoded(tag: "H1") }
    }

    @Test func sendsEightBitStringsAndBytesAsLiterals() throws {
        let command = IMAPCommand("SEARCH", [.atom("CHARSET"), .atom("UTF-8"), .atom("TEXT"), .string("blåbær")])
        #expect(try Self.text(command) == ["H7 SEARCH CHARSET UTF-8 TEXT {8}\r\n", "blåbær\r\n"])
        #expect(try Self.text(command, literalPlus: true) == ["H7 SEARCH CHARSET UTF-8 TEXT {8+}\r\nblåbær\r\n"])
        let binary = IMAPCommand("X", [.literal([0, 13, 10])])
        #expect(try command.encoded(tag: "H1").count == 2)
        #expect(
            try binary.encoded(tag: "H1", literalPlus: true) == [Array("H1 X {3+}\r\n".utf8) + [0, 13, 10, 13, 10]]
        )
    }

    @Test func writesSequenceSets() {
        #expect(IMAPSequenceSet([5, 1, 2, 3, 9, 10, 3, 0]).description == "1:3,5,9:10")
        #expect(IMAPSequenceSet([UInt32.max, UInt32.max - 1]).description == "4294967294:4294967295")
        #expect(IMAPSequenceSet([]).isEmpty)
        #expect(IMAPSequenceSet(0...0).isEmpty)
        #expect(IMAPSequenceSet(0...4).description == "1:4")
        #expect(IMAPSequenceSet([1, 2, 7]).count == 3)
        #expect(IMAPSequenceSet([1, 2, 7]).contains(7))
    }
}
