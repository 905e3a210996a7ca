import Foundation
import HarkCore
import HarkWebhooks
import Testing

/// The hostile JSON bodies of `spec/reliability.md` section 4.3: each gets a clear outcome, none a crash.
@Suite struct WebhookHostileJSONTests {
    enum Expected: Equatable {
        case draft(text: String)
        case unparsable(String)
    }

    enum Case: String, CaseIterable, Sendable {
        case deep100k, depthAtTheCap, depthOverTheCap, bracketsInsideStrings, escapedQuotesAndBrackets
        case duplicateKeys, hugeExponent, loneHighSurrogate, loneLowSurrogate, pairedSurrogates
        case invalidUTF8Byte, overlongUTF8, encodedSurrogateUTF8, truncatedUTF8, utf16BOM
        case byteOrderMark, byteOrderMarkOnly, notANumber, infinity, tenMegabyteText, tenMegabyteOtherField
        case arrayTopLevel, stringTopLevel, nullTopLevel, empty, whitespaceOnly, trailingGarbage, nulInText

        var body: [UInt8] {
            func json(_ text: String) -> [UInt8] { Array(text.utf8) }
            func nested(_ depth: Int) -> [UInt8] {
                // The object is depth 1; each array adds one.
                json(#"{"text": "deep", "a": "#) + Array(repeating: UInt8(ascii: "["), count: depth - 1)
                    + Array(repeating: UInt8(ascii: "]"), count: depth - 1) + json("}")
            }
            let text = json(#"{"text": ""#)
            switch self {
            case .deep100k:
                return Array(repeating: UInt8(ascii: "["), count: 100_000)
                    + Array(repeating: UInt8(ascii: "]"), count: 100_000)
            case .depthAtTheCap: return nested(64)
            case .depthOverTheCap: return nested(65)
            case .bracketsInsideStrings: return json(#"{"text": "\#(String(repeating: "[{", count: 500))"}"#)
            case .escapedQuotesAndBrackets: return json(#"{"text": "say \"[[[[\" \\", "b": "\\\"]]"}"#)
            case .duplicateKeys: return json(#"{"text": "first", "text": "second"}"#)
            case .hugeExponent: return json(#"{"text": "x", "n": 1e999999}"#)
            case .loneHighSurrogate: return json(#"{"text": "\ud800"}"#)
            case .loneLowSurrogate: return json(#"{"text": "a\udc00b"}"#)
            case .pairedSurrogates: return json(#"{"text": "\ud83d\ude00"}"#)
            case .invalidUTF8Byte: return text + [0xFF] + json(#""}"#)
            case .overlongUTF8: return text + [0xC0, 0xAF] + json(#""}"#)
            case .encodedSurrogateUTF8: return text + [0xED, 0xA0, 0x80] + json(#""}"#)
            case .truncatedUTF8: return text + [0xE2, 0x82]
            case .utf16BOM: return [0xFE, 0xFF, 0x00, 0x7B, 0x00, 0x7D]
            case .byteOrderMark: return [0xEF, 0xBB, 0xBF] + json(#"{"text": "bom"}"#)
            case .byteOrderMarkOnly: return [0xEF, 0xBB, 0xBF]
            case .notANumber: return json(#"{"text": "x", "n": NaN}"#)
            case .infinity: return json(#"{"text": "x", "n": -Infinity}"#)
            case .tenMegabyteText:
                return text + Array(repeating: UInt8(ascii: "a"), count: 10 << 20) + json(#""}"#)
            case .tenMegabyteOtherField:
                return json(#"{"text": "small", "blob": ""#) + Array(repeating: UInt8(ascii: "b"), count: 10 << 20)
                    + json(#""}"#)
            case .arrayTopLevel: return json(#"[{"text": "x"}]"#)
            case .stringTopLevel: return json(#""text""#)
            case .nullTopLevel: return json("null")
            case .empty: return []
            case .whitespaceOnly: return json(" \r\n\t ")
            case .trailingGarbage: return json(#"{"text": "x"} {"#)
            case .nulInText: return json(#"{"text": "a\u0000b"}"#)
            }
        }

        var expected: Expected {
            switch self {
            case .deep100k, .depthOverTheCap: .unparsable(UnparsableReason.tooDeep)
            case .depthAtTheCap: .draft(text: "deep")
            case .bracketsInsideStrings: .draft(text: String(repeating: "[{", count: 500))
            case .escapedQuotesAndBrackets: .draft(text: #"say "[[[[" \"#)
            case .duplicateKeys: .draft(text: "second")
            case .hugeExponent, .loneHighSurrogate, .loneLowSurrogate, .notANumber, .infinity, .empty,
                .whitespaceOnly, .byteOrderMarkOnly, .trailingGarbage:
                .unparsable(UnparsableReason.malformedJSON)
            case .pairedSurrogates: .draft(text: "\u{1F600}")
            case .invalidUTF8Byte, .overlongUTF8, .encodedSurrogateUTF8, .truncatedUTF8, .utf16BOM:
                .unparsable(UnparsableReason.invalidUTF8)
            case .byteOrderMark: .draft(text: "bom")
            case .tenMegabyteText: .draft(text: String(repeating: "a", count: 1 << 20))
            case .tenMegabyteOtherField: .draft(text: "small")
            case .arrayTopLevel, .stringTopLevel, .nullTopLevel: .unparsable(UnparsableReason.notAnObject)
            case .nulInText: .draft(text: "ab")
            }
        }
    }

    @Test(arguments: Case.allCases)
    func hostileBodyHasAClearOutcome(_ hostile: Case) {
        let body = Data(hostile.body)
        let outcome = WebhookFixtures.map(body)
        switch (outcome, hostile.expected) {
        case (.draft(let draft), .draft(let text)):
            #expect(draft.text == text)
            #expect(draft.raw.bytes == body, "the raw input is the body as received, BOM included")
            #expect(draft.flags == (hostile == .tenMegabyteText ? ["truncated"] : []))
        case (.unparsable(let reason, let detail), .unparsable(let expected)):
            #expect(reason == expected, "\(detail)")
            #expect(detail.utf8.count < 200)
            #expect(!detail.contains("999999") && !detail.contains("\\ud8"), "the detail must not quote the body")
        default:
            Issue.record("\(hostile.rawValue): expected \(hostile.expected), got \(outcome)")
        }
    }

    @Test func theDepthCapIsConfigurable() {
        let body = Data(#"{"text": "x", "a": [[1]]}"#.utf8)
        let mapper = WebhookPayloadMapper(maximumDepth: 2)
        let outcome = mapper.map(
            body: body,
            headers: [:],
            source: WebhookFixtures.source,
            deliveryKey: WebhookFixtures.deliveryKey,
            contentType: nil
        )
        #expect(WebhookMappingTests.unparsableReason(outcome) == UnparsableReason.tooDeep)
    }

    @Test(arguments: [PayloadMapping.github, .discourse])
    func presetsSeeTheSameHostileBodies(mapping: PayloadMapping) {
        let headers: WebhookHeaders = ["X-GitHub-Event": "issues", "X-Discourse-Event-Type": "post"]
        for hostile in [Case.deep100k, .invalidUTF8Byte, .arrayTopLevel, .hugeExponent] {
            let outcome = WebhookFixtures.map(Data(hostile.body), mapping: mapping, headers: headers)
            #expect(WebhookMappingTests.unparsableReason(outcome) != nil, "\(hostile.rawValue)")
        }
    }
}
