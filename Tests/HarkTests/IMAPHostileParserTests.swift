import Foundation
import HarkMail
import Testing

/// Hostile server input to the pure framer and parser (reliability.md H7): clear errors and
/// bounded memory.
@Suite struct IMAPHostileParserTests {
    /// The error parsing `text` ends with, or `nil`.
    static func error(_ text: String, limits: IMAPLimits = IMAPLimits()) -> IMAPError? {
        do {
            _ = try IMAPParserTests.responses(Array(text.utf8), limits: limits)
            return nil
        } catch let error as IMAPError {
            return error
        } catch {
            Issue.record("not an IMAPError: \(error)")
            return nil
        }
    }

    @Test func aHugeAnnouncedLiteralIsDrainedWithBoundedMemory() throws {
        var framer = IMAPFramer()
        framer.append(contentsOf: Array("* 1 FETCH (UID 1 BODY[] {4294967295}\r\n".utf8))
        #expect(try framer.nextFrame() == nil)
        let chunk = [UInt8](repeating: 0x61, count: 1 << 20)
        var peak = 0
        for _ in 0..<64 {
            chunk.withUnsafeBytes { framer.append($0) }
            #expect(try framer.nextFrame() == nil)
            peak = max(peak, framer.bufferedByteCount)
        }
        #expect(peak < 4 << 20, "64 MiB of a 4 GiB literal streamed through holding at most \(peak) bytes")
    }

    @Test func fiveHundredMegabytesDrainAsASkippedLiteral() throws {
        let size = 500 << 20
        var framer = IMAPFramer()
        framer.append(contentsOf: Array("* 1 FETCH (UID 7 RFC822.SIZE \(size) BODY[] {\(size)}\r\n".utf8))
        let chunk = [UInt8](repeating: 0x62, count: 1 << 20)
        var peak = 0
        for _ in 0..<500 {
            chunk.withUnsafeBytes { framer.append($0) }
            #expect(try framer.nextFrame() == nil)
            peak = max(peak, framer.bufferedByteCount)
        }
        framer.append(contentsOf: Array(")\r\n".utf8))
        let response = try IMAPResponseParser.parse(try #require(try framer.nextFrame()))
        #expect(
            response
                == .untagged(
                    .fetch(IMAPFetchResponse(sequenceNumber: 1, uid: 7, size: size, body: .skipped(size: size)))
                )
        )
        #expect(peak < 4 << 20)
    }

    @Test func literalSizesBeyond32BitsAreProtocolErrors() {
        #expect(Self.error("* 1 FETCH (BODY[] {4294967296}\r\n")?.code == .protocolError)
        #expect(Self.error("* 1 FETCH (BODY[] {99999999999999999999}\r\n")?.code == .protocolError)
    }

    @Test func aLineWithoutCRLFFailsAtTheLineLimit() throws {
        var limits = IMAPLimits()
        limits.maximumLineLength = 64 << 10
        var framer = IMAPFramer(limits: limits)
        let chunk = [UInt8](repeating: 0x2a, count: 16 << 10)
        var failure: IMAPError?
        for _ in 0..<100 where failure == nil {
            chunk.withUnsafeBytes { framer.append($0) }
            do {
                _ = try framer.nextFrame()
                #expect(framer.bufferedByteCount <= limits.maximumLineLength + chunk.count)
            } catch {
                failure = error
            }
        }
        #expect(failure?.code == .protocolError)
        #expect(failure?.message.contains("without CRLF") == true)
    }

    @Test func aLiteralLongerThanAnnouncedBreaksTheResponse() {
        let error = Self.error("* 1 FETCH (UID 1 BODY[] {3}\r\nabcdef)\r\n")
        #expect(error?.code == .protocolError)
    }

    @Test func anEndlessUntaggedStreamKeepsMemoryBounded() throws {
        var framer = IMAPFramer()
        let chunk = Array(String(repeating: "* OK still here\r\n", count: 4096).utf8)
        var count = 0
        for _ in 0..<200 {
            chunk.withUnsafeBytes { framer.append($0) }
            while let frame = try framer.nextFrame() {
                _ = try IMAPResponseParser.parse(frame)
                count += 1
            }
            #expect(framer.bufferedByteCount < 1 << 20)
        }
        #expect(count == 200 * 4096)
    }

    @Test func malformedResponsesAreProtocolErrors() {
        let cases = [
            "\r\n",  // empty line
            "H1 MAYBE done\r\n",  // not a tagged status
            "H1 BYE no\r\n",  // BYE is never tagged
            "* 1 FETCH (UID x)\r\n",
            "* 1 FETCH (UID 1\r\n",
            "* 1 FETCH (UID 1 BODY[] \"unterminated)\r\n",
            "* 1 FETCH (UID 1) trailing\r\n",
            "* 1 FETCH (BODY[HEADER {3}\r\nabc)\r\n",
            "* OK [UIDVALIDITY banana] x\r\n",
            "* OK [UIDVALIDITY 4294967296] x\r\n",
            "* OK [UIDNEXT 5 x\r\n",
            "* SEARCH 1 two 3\r\n",
            "* 99999999999 EXISTS\r\n",
        ]
        for text in cases {
            #expect(Self.error(text)?.code == .protocolError, "\(text.debugDescription)")
        }
    }

    @Test func deepNestingIsRefused() {
        let deep = "* 1 FETCH (X " + String(repeating: "(", count: 100) + String(repeating: ")", count: 100) + ")\r\n"
        #expect(Self.error(deep)?.message.contains("deeper") == true)
        let fine =
            "* 1 FETCH (X " + String(repeating: "(", count: 20) + String(repeating: ")", count: 20) + " UID 3)\r\n"
        #expect(Self.error(fine) == nil)
    }

    @Test func aResponseOfEndlessLiteralsHitsTheResponseLimit() throws {
        var limits = IMAPLimits()
        limits.maximumResponseBytes = 1 << 20
        var framer = IMAPFramer(limits: limits)
        let chunk = Array(String(repeating: "* 1 FETCH (X {0}\r\n", count: 1000).utf8)
        var failure: IMAPError?
        for _ in 0..<1000 where failure == nil {
            chunk.withUnsafeBytes { framer.append($0) }
            do {
                #expect(try framer.nextFrame() == nil)
            } catch {
                failure = error
            }
        }
        #expect(failure?.code == .protocolError)
        #expect(framer.bufferedByteCount < 2 << 20)
    }
}
