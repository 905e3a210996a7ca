import Foundation
import HarkMail
import Testing

/// The pure IMAP response parser: every response kind, fragmented input, literals.
@Suite struct IMAPParserTests {
    /// All responses in `bytes`, fed `chunk` bytes at a time (everything at once when `nil`).
    static func responses(
        _ bytes: [UInt8],
        chunk: Int? = nil,
        limits: IMAPLimits = IMAPLimits()
    ) throws -> [IMAPResponse] {
        var framer = IMAPFramer(limits: limits)
        var result: [IMAPResponse] = []
        var offset = 0
        repeat {
            let end = chunk.map { min(bytes.count, offset + $0) } ?? bytes.count
            framer.append(contentsOf: bytes[offset..<end])
            offset = end
            while let frame = try framer.nextFrame() {
                result.append(try IMAPResponseParser.parse(frame, limits: limits))
            }
        } while offset < bytes.count
        return result
    }

    static func responses(_ text: String, chunk: Int? = nil) throws -> [IMAPResponse] {
        try responses(Array(text.utf8), chunk: chunk)
    }

    static let session = """
        * OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ IDLE AUTH=PLAIN] Dovecot ready.\r
        * CAPABILITY IMAP4rev1 IDLE MOVE UIDPLUS\r
        * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r
        * OK [PERMANENTFLAGS ()] Read-only mailbox.\r
        * 3 EXISTS\r
        * 0 RECENT\r
        * OK [UIDVALIDITY 3857529045] UIDs valid\r
        * OK [UIDNEXT 4392] Predicted next UID\r
        H2 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).\r
        * SEARCH 2 84 882\r
        * SEARCH\r
        * SEARCH 5 (MODSEQ 917162500)\r
        H3 NO [NONEXISTENT] Mailbox doesn't exist: Kunder\r
        H4 BAD Error in IMAP command: Unknown command\r
        * 2 EXPUNGE\r
        * LIST (\\HasNoChildren) "." {5}\r
        Ærø\r
        + idling\r
        +\r
        + eyJzdGF0dXMiOiI0MDEifQ==\r
        * PREAUTH ready\r
        * BYE Logging out\r
        H5 OK Logout completed.\r

        """

    static let expected: [IMAPResponse] = [
        .untagged(
            .status(
                IMAPStatusResponse(
                    .ok,
                    code: .capability(["IMAP4REV1", "SASL-IR", "LITERAL+", "IDLE", "AUTH=PLAIN"]),
                    text: "Dovecot ready."
                )
            )
        ),
        .untagged(.capability(["IMAP4REV1", "IDLE", "MOVE", "UIDPLUS"])),
        .untagged(.flags(["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"])),
        .untagged(
            .status(
                IMAPStatusResponse(.ok, code: .other("PERMANENTFLAGS", arguments: "()"), text: "Read-only mailbox.")
            )
        ),
        .untagged(.exists(3)),
        .untagged(.recent(0)),
        .untagged(.status(IMAPStatusResponse(.ok, code: .uidValidity(3_857_529_045), text: "UIDs valid"))),
        .untagged(.status(IMAPStatusResponse(.ok, code: .uidNext(4392), text: "Predicted next UID"))),
        .tagged(tag: "H2", IMAPStatusResponse(.ok, code: .readOnly, text: "Examine completed (0.001 + 0.000 secs).")),
        .untagged(.search([2, 84, 882])),
        .untagged(.search([])),
        .untagged(.search([5])),
        .tagged(tag: "H3", IMAPStatusResponse(.no, code: .nonexistent, text: "Mailbox doesn't exist: Kunder")),
        .tagged(tag: "H4", IMAPStatusResponse(.bad, text: "Error in IMAP command: Unknown command")),
        .untagged(.expunge(2)),
        .untagged(.other("LIST")),
        .continuation("idling"),
        .continuation(""),
        .continuation("eyJzdGF0dXMiOiI0MDEifQ=="),
        .untagged(.status(IMAPStatusResponse(.preauth, text: "ready"))),
        .untagged(.status(IMAPStatusResponse(.bye, text: "Logging out"))),
        .tagged(tag: "H5", IMAPStatusResponse(.ok, text: "Logout completed.")),
    ]

    @Test func parsesEveryResponseKind() throws {
        #expect(try Self.responses(Self.session) == Self.expected)
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func fragmentedInputGivesTheSameResponses(chunk: Int) throws {
        #expect(try Self.responses(Self.session, chunk: chunk) == Self.expected)
    }

    static let fetch = Array(
        ("* 12 FETCH (UID 4827313 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 16 "
            + "FLAGS (\\Seen $Forwarded) BODY[] {16}\r\nSubject: x\r\n\r\nhi)\r\n").utf8
    )

    @Test(arguments: [nil, 1, 5])
    func parsesAFetchWithALiteralBody(chunk: Int?) throws {
        let responses = try Self.responses(Self.fetch, chunk: chunk)
        guard case .untagged(.fetch(let fetch)) = try #require(responses.first) else {
            Issue.record("not a FETCH: \(responses)")
            return
        }
        #expect(responses.count == 1)
        #expect(fetch.sequenceNumber == 12)
        #expect(fetch.uid == 4_827_313)
        #expect(fetch.size == 16)
        #expect(fetch.flags == ["\\Seen", "$Forwarded"])
        #expect(fetch.body == .data(Data("Subject: x\r\n\r\nhi".utf8)))
        #expect(fetch.internalDate == Date(timeIntervalSince1970: 837_596_665))
    }

    @Test func fetchSkipsUnknownAttributesAndReadsQuotedAndNilBodies() throws {
        let text = """
            * 1 FETCH (MODSEQ (12) \
            BODYSTRUCTURE ("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 2 1 NIL NIL NIL NIL) \
            BODY[HEADER.FIELDS (SUBJECT)] {4}\r
            ab\r
            \u{20}UID 9 BODY[] "a \\"quoted\\" \\\\ body")\r
            * 2 FETCH (UID 10 BODY[] NIL INTERNALDATE " 7-Jan-2025 23:59:60 +0000")\r
            * 3 FETCH (UID 11 BODY[]<0> {2+}\r
            ok BINARY.SIZE[] 2)\r
            * 4 fetch (flags () uid 12)\r

            """
        let fetches = try Self.responses(text).compactMap { response -> IMAPFetchResponse? in
            if case .untagged(.fetch(let fetch)) = response { return fetch }
            return nil
        }
        #expect(fetches.count == 4)
        #expect(fetches[0].uid == 9)
        #expect(fetches[0].body == .data(Data("a \"quoted\" \\ body".utf8)))
        #expect(fetches[1].uid == 10)
        #expect(fetches[1].body == nil)
        #expect(fetches[1].internalDate == Date(timeIntervalSince1970: 1_736_294_400))
        #expect(fetches[2].uid == 11)
        #expect(fetches[2].body == nil, "a partial BODY[]<0> is not the whole message")
        #expect(fetches[3].uid == 12)
        #expect(fetches[3].flags == [])
    }

    @Test func literalsOverTheHoldLimitAreSkippedAndTheStreamStaysInStep() throws {
        var framer = IMAPFramer()
        framer.literalHoldLimit = 4
        framer.append(
            contentsOf: Array(
                "* 1 FETCH (UID 1 BODY[] {10}\r\n0123456789)\r\n* 2 FETCH (UID 2 BODY[] {3}\r\nabc)\r\n".utf8
            )
        )
        let first = try IMAPResponseParser.parse(try #require(try framer.nextFrame()))
        let second = try IMAPResponseParser.parse(try #require(try framer.nextFrame()))
        #expect(first == .untagged(.fetch(IMAPFetchResponse(sequenceNumber: 1, uid: 1, body: .skipped(size: 10)))))
        #expect(
            second == .untagged(.fetch(IMAPFetchResponse(sequenceNumber: 2, uid: 2, body: .data(Data("abc".utf8)))))
        )
        #expect(try framer.nextFrame() == nil)
    }

    @Test func internalDatesAreParsedOrRefused() {
        #expect(IMAPInternalDate.parse(Array("01-Jan-1970 00:00:00 +0000".utf8)) == Date(timeIntervalSince1970: 0))
        #expect(
            IMAPInternalDate.parse(Array("29-Feb-2024 12:30:00 +0130".utf8))
                == Date(timeIntervalSince1970: 1_709_204_400)
        )
        for bad in [
            "", "yesterday", "32-Jan-2024 00:00:00 +0000", "01-Foo-2024 00:00:00 +0000", "01-Jan-2024 00:00 +0000",
            "01-Jan-2024 00:00:00 0000", "01-Jan-99 00:00:00 +0000",
        ] {
            #expect(IMAPInternalDate.parse(Array(bad.utf8)) == nil, "\(bad)")
        }
    }
}
