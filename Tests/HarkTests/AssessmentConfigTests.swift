import Foundation
import HarkAssessment
import HarkCore
import HarkDaemon
import HarkTesting
import Testing

/// The `assessment` section: a deployment's cue words, category keywords and lexicon files reach the
/// assessor; every bad key, kind, category or term is refused by name; a missing lexicon file is
/// reported by `check-config`.
@Suite struct AssessmentConfigTests {
    static func parse(_ section: String, path: String = "test.yaml") throws(ConfigurationError) -> HarkConfiguration {
        try HarkConfiguration.parse(
            yaml: """
                storage: { sqlite: "/tmp/x.sqlite" }
                \(section)
                """,
            path: path)
    }

    static func problems(_ section: String) -> [String] {
        do {
            _ = try parse(section)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func cuesKeywordsAndLexiconsReachTheAssessor() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "# energy words\nmålerbytte*\tcategory:product\nstrømløs\tnegative\n".write(
            to: directory.appendingPathComponent("energy.tsv"), atomically: true, encoding: .utf8)
        let config = try Self.parse(
            """
            assessment:
              cues:
                escalation: ["Elklagenævnet", "Energiklagenemnda"]
                negative: ["kundeløs"]
              category_keywords:
                billing: ["a konto", "acontobeløp*"]
              lexicons: ["energy.tsv"]
            """, path: directory.appendingPathComponent("hark.yaml").path)
        let settings = config.assessmentSettings
        #expect(settings.extraCues[.escalation] == ["Elklagenævnet", "Energiklagenemnda"])
        #expect(settings.categoryKeywords[.billing] == ["a konto", "acontobeløp*"])
        #expect(settings.lexiconFiles == [directory.appendingPathComponent("energy.tsv").path])

        let assessor = try Assessor(settings: settings)
        let escalated = assessor.assess(text: "Acontobeløpet er helt hen i vejret. Vi går til Elklagenævnet.")
        #expect(escalated.severity == .veryDissatisfied, "\(escalated.cues)")
        #expect(escalated.category == .billing, "\(escalated.cues)")
        #expect(escalated.cues.contains("escalation:Elklagenævnet"), "\(escalated.cues)")
        let fromFile = assessor.assess(text: "Vi har været strømløs i to dage efter målerbyttet.")
        #expect(fromFile.complaint, "\(fromFile.cues)")
        #expect(fromFile.category == .product, "\(fromFile.cues)")
    }

    @Test(arguments: [
        ("assessment: { cues: { grumpy: [\"x\"] } }", "assessment.cues.grumpy: unknown key"),
        ("assessment: { category_keywords: { none: [\"x\"] } }", "assessment.category_keywords.none: unknown key"),
        ("assessment: { cues: { negative: [\"!!!\"] } }", "assessment.cues.negative[0]: a term needs a letter or digit"),
        ("assessment: { cues: { negative: \"broken\" } }", "assessment.cues.negative: expected a list"),
        ("assessment: { lexicon: [\"a.tsv\"] }", "assessment.lexicon: unknown key"),
        ("assessment: { lexicons: [\"\"] }", "assessment.lexicons[0]: expected a file path"),
        ("assessment: [1, 2]", "assessment: expected a mapping of keys"),
    ])
    func badSectionsAreRefusedByName(section: String, expected: String) {
        let problems = Self.problems(section)
        #expect(problems.contains { $0.hasPrefix(expected) }, "\(problems)")
    }

    @Test func anOverlongTermIsRefused() {
        let term = String(repeating: "word ", count: 9)
        let problems = Self.problems("assessment: { cues: { negative: [\"\(term)\"] } }")
        #expect(problems.contains { $0.contains("at most 8 words") }, "\(problems)")
    }

    @Test func checkConfigReportsAMissingOrBadLexicon() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "good\tnegative\nbad line without a kind\n".write(
            to: directory.appendingPathComponent("bad.tsv"), atomically: true, encoding: .utf8)
        for (file, expected) in [("absent.tsv", "cannot be read"), ("bad.tsv", "bad.tsv:2: expected term<TAB>kind")] {
            let config = directory.appendingPathComponent("hark-\(file).yaml")
            try """
                storage: { sqlite: "\(directory.path)/hark.sqlite" }
                assessment: { lexicons: ["\(file)"] }
                """.write(to: config, atomically: true, encoding: .utf8)
            let result = try CommandResult.run(try DaemonProcess.binary(), ["check-config", "--config", config.path], timeout: 60)
            #expect(result.status != 0)
            #expect(result.stderr.contains("assessment:") && result.stderr.contains(expected), "\(result.stderr)")
        }
    }
}
