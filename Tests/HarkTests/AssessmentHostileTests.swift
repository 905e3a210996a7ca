import Foundation
import HarkAssessment
import HarkCore
import Testing

/// Input an attacker or a broken sender could give: answered, never a crash or a hang.
@Suite struct AssessmentHostileTests {
    static let assessor = try! Assessor()

    @Test func emptyAndBlank() {
        for text in ["", " ", "\n\n\t", "...", "???"] {
            let result = Self.assessor.assess(text: text, subject: "", title: nil)
            #expect(!result.complaint)
            #expect(result.language == "und")
            #expect(result.category == .none)
        }
    }

    @Test func oneMegabyteText() {
        let sentence = "The parcel is late again and nobody answers, this is the third time. "
        let text = String(repeating: sentence, count: 1_048_576 / sentence.utf8.count + 1)
        let clock = ContinuousClock()
        let started = clock.now
        let result = Self.assessor.assess(text: text)
        #expect(result.complaint)
        #expect(result.cues.count <= 13)
        #expect(clock.now - started < .seconds(60), "a hang guard for a loaded debug build; speed is measured in bench/")
        let oneWord = String(repeating: "a", count: 1_048_576)
        #expect(!Self.assessor.assess(text: oneWord).complaint)
    }

    @Test func controlCharactersAndOddScalars() {
        var text = "Terrible\u{0}service\u{1B}[31m, \u{202E}never again\u{200B}!\u{7F}\u{FEFF}"
        text += String(decoding: [0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80], as: UTF8.self)  // invalid UTF-8 → U+FFFD
        text += "\u{10FFFF}\u{E000}\u{1F600}\u{0301}\u{0301}\u{0301}"
        let result = Self.assessor.assess(text: text, subject: "\u{0}\u{0}", title: "\r\n")
        #expect(result.complaint)
        #expect(result.severity == .veryDissatisfied)
        for cue in result.cues { #expect(!cue.unicodeScalars.contains { $0.value < 0x20 }) }
    }

    @Test func tenThousandBrandAliases() throws {
        var aliases = (0..<10_000).map { "Alias\($0) Brand" }
        aliases.append("@handle9999")
        let assessor = try Assessor(
            settings: AssessmentSettings(brands: [
                BrandRule(name: "Big", aliases: aliases, exclude: (0..<1_000).map { "alias\($0) brand over" })
            ]))
        let text = String(repeating: "alias9999 brand is rude, #alias5brand #x ", count: 2_000)
        let clock = ContinuousClock()
        let started = clock.now
        let result = assessor.assess(text: text)
        #expect(result.brands == ["Big"])
        #expect(clock.now - started < .seconds(60), "a hang guard for a loaded debug build; speed is measured in bench/")
    }

    @Test func manyShortLines() {
        let text = String(repeating: "!\n?\n.\n\"\n@\n#\n", count: 50_000)
        #expect(!Self.assessor.assess(text: text).complaint)
    }

    @Test func lexiconFileBadLinesAreReportedWithNumbers() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hark-lexicon-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.tsv")
        try "# mine\nsmørrebrød-fiasko\tnegative\t2\nbankskifte\tchurn\nfakturarot\tcategory:billing\n\n".write(
            to: good, atomically: true, encoding: .utf8)
        let assessor = try Assessor(settings: AssessmentSettings(lexiconFiles: [good.path]))
        let result = assessor.assess(text: "Totalt fakturarot og bankskifte nu.")
        #expect(result.severity == .veryDissatisfied, "\(result.cues)")
        #expect(result.category == .billing)
        #expect(result.cues.contains("churn:bankskifte"))

        let bad = directory.appendingPathComponent("bad.tsv")
        try "ok\tnegative\nno kind here\nword\tnonsense\n!!!\tnegative\nword\tnegative\t-3\n".write(
            to: bad, atomically: true, encoding: .utf8)
        do {
            _ = try Assessor(settings: AssessmentSettings(lexiconFiles: [bad.path]))
            Issue.record("bad lexicon accepted")
        } catch {
            #expect(error.message.contains("bad.tsv:2"))
            #expect(error.message.contains("bad.tsv:3"))
            #expect(error.message.contains("bad.tsv:4"))
            #expect(error.message.contains("bad.tsv:5"))
            #expect(!error.message.contains("bad.tsv:1:"))
        }
        #expect(throws: HarkError.self) {
            let absent = directory.appendingPathComponent("absent").path
            _ = try Assessor(settings: AssessmentSettings(lexiconFiles: [absent]))
        }
    }

    @Test func extraCuesAndKeywordsFromSettings() throws {
        let assessor = try Assessor(
            settings: AssessmentSettings(
                extraCues: [.escalation: ["tilsynsrådet"], .negative: ["håpløs*"]],
                categoryKeywords: [.digital: ["selvbetjening*"]]))
        let result = assessor.assess(text: "Selvbetjeningsportalen er håpløs. Jeg går til Tilsynsrådet.")
        #expect(result.severity == .veryDissatisfied, "\(result.cues)")
        #expect(result.category == .digital, "\(result.cues)")
        #expect(throws: HarkError.self) {
            _ = try Assessor(settings: AssessmentSettings(extraCues: [.negative: ["!!!"]]))
        }
    }

    @Test func deterministic() {
        let text = "Fantastisk, tredje gang pakken er forsinket. Jeg bytter til en anden butik."
        let first = Self.assessor.assess(text: text)
        for _ in 0..<20 { #expect(Self.assessor.assess(text: text) == first) }
    }

    @Test func onlyTheStartOfAHugeBodyIsRead() {
        let complaint = "The heater you sold me started smoking on day two. I want a refund.\n"
        let filler = String(repeating: "log line 42: all good, nothing to see here\n", count: 8_000)
        let short = Self.assessor.assess(text: complaint)
        let huge = Self.assessor.assess(text: complaint + filler)
        #expect(huge.complaint == short.complaint && huge.severity == short.severity && huge.category == short.category)
        // A cut never splits a character: multi-byte letters and a combining accent at the edge.
        let nordic = String(repeating: "på ", count: Assessor.bodyBytesRead)
        let assessed = Self.assessor.assess(text: nordic)
        #expect(assessed.language != "")
        let accented = String(repeating: "e\u{301}", count: Assessor.bodyBytesRead)
        #expect(!Self.assessor.assess(text: accented).complaint)
    }
}
