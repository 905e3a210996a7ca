import Foundation
import HarkAssessment
import HarkCore
import Testing

/// The assessor against labelled mentions: the project's own small fixtures (four languages, other
/// industries than the dev set), and the floors of issue 5 on `../shared/data/mentions-dev.jsonl`
/// (skipped with a note when `../shared` is absent).
@Suite struct AssessmentFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/assessment/mentions.jsonl")
    /// `/work/main/Tests/HarkTests/X.swift` -> `/work/shared/data/mentions-dev.jsonl`.
    static let devSet = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/mentions-dev.jsonl").standardizedFileURL

    /// One built-in assessor for every set (building one reads the models' text, which a debug
    /// build does slowly, and the suite runs beside timing-bounded tests).
    static let builtIn = Result { () throws(HarkError) in try Assessor() }

    static func report(_ url: URL, assessor: Assessor? = nil) throws -> EvaluationReport? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let assessor = try assessor ?? builtIn.get()
        let mentions = try LabelledMention.readLines(data)
        return EvaluationReport(
            mentions.map { mention in
                (mention, assessor.assess(text: mention.text, subject: mention.subject, title: mention.title,
                                          channel: mention.channel))
            })
    }

    @Test func ownFixtures() throws {
        let report = try #require(try Self.report(Self.fixtures))
        #expect(report.n == 40)
        #expect(report.language.confusion.keys.sorted() == ["da", "en", "no", "sv", "und"])
        #expect(report.complaint.f1 >= 0.90, "complaint F1 \(report.complaint.f1)")
        #expect(report.severity.macroF1 >= 0.75, "severity macro-F1 \(report.severity.macroF1)")
        #expect(report.category.accuracy >= 0.75, "category accuracy \(report.category.accuracy)")
        #expect(report.language.accuracy >= 0.95, "language accuracy \(report.language.accuracy)")
    }

    /// The project's larger labelled sets, each written by a different hand from the taxonomy alone
    /// (other industries and writers than the dev set). `heldout` (240) and `validation` (240) were
    /// used to find gaps in the keyword lists; those two, `test` (200), the twelve `sectors-*` sets (300
    /// each: telecom, banking and travel; utilities, transport, hotels and health; retail, groceries and
    /// tickets; cars, housing, schools and streaming; food, gyms and beauty; software, media and parcels;
    /// furniture, builders and finance; leisure, childcare and gadgets; care, security and waste;
    /// cosmetics, outdoor gear and books; mobility, events and cruises; credit, trading and B2B) and
    /// the own fixtures are the category and
    /// complaint models' training data (`scripts/train-categories.sh`), so their figures are training
    /// figures. `unseen` (200) was never looked at item by item, nor trained on: it measures text the
    /// assessor never saw, as `heldOutSectorSet` does for a whole set. The floors guard against
    /// regressions; `bench/RESULTS.md` records the figures.
    struct LabelledSet: Sendable, CustomStringConvertible {
        var file: String
        var count: Int
        var complaintF1: Double
        var severityMacroF1: Double
        var categoryAccuracy: Double
        var languageAccuracy: Double
        var description: String { file }
    }

    static let labelledSets = [
        LabelledSet(
            file: "heldout.jsonl", count: 240, complaintF1: 0.90, severityMacroF1: 0.85, categoryAccuracy: 0.80,
            languageAccuracy: 0.98),
        LabelledSet(
            file: "validation.jsonl", count: 240, complaintF1: 0.90, severityMacroF1: 0.78, categoryAccuracy: 0.62,
            languageAccuracy: 0.97),
        LabelledSet(
            file: "test.jsonl", count: 200, complaintF1: 0.80, severityMacroF1: 0.70, categoryAccuracy: 0.50,
            languageAccuracy: 0.97),
        // Never seen: the floors sit just under what was measured (0.941, 0.896, 0.825, 0.995).
        LabelledSet(
            file: "unseen.jsonl", count: 200, complaintF1: 0.90, severityMacroF1: 0.85, categoryAccuracy: 0.75,
            languageAccuracy: 0.97),
    ] + ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"].map {
        LabelledSet(
            file: "sectors-\($0).jsonl", count: 300, complaintF1: 0.93, severityMacroF1: 0.83, categoryAccuracy: 0.90,
            languageAccuracy: 0.95)
    }

    /// How the models generalise to a whole set written by another hand about other industries:
    /// trained without `sectors-d` (cars, housing, schools, streaming), then scored on it. Measured
    /// 0.903 complaint F1, 0.807 severity macro-F1, 0.722 category accuracy; the cue lists alone gave
    /// 0.778, 0.715 and 0.444.
    @Test func heldOutSectorSet() throws {
        let folder = Self.fixtures.deletingLastPathComponent()
        var training: [LabelledMention] = []
        let sectors = ["a", "b", "c", "e", "f", "g", "h", "i", "j", "k", "l"].map { "sectors-\($0)" }
        for name in ["mentions", "heldout", "validation", "test"] + sectors {
            let data = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent("\(name).jsonl").path))
            training += try LabelledMention.readLines(data)
        }
        let assessor = try Assessor(
            settings: AssessmentSettings(), categoryModel: try CategoryModel(text: CategoryTraining.modelText(training)),
            complaintModel: try ComplaintModel(text: ComplaintTraining.modelText(training)))
        let report = try #require(try Self.report(folder.appendingPathComponent("sectors-d.jsonl"), assessor: assessor))
        #expect(report.complaint.f1 >= 0.85, "complaint F1 \(report.complaint.f1)")
        #expect(report.severity.macroF1 >= 0.74, "severity macro-F1 \(report.severity.macroF1)")
        #expect(report.category.accuracy >= 0.65, "category accuracy \(report.category.accuracy)")
    }

    @Test(arguments: labelledSets)
    func labelledSetFloors(_ set: LabelledSet) throws {
        let url = Self.fixtures.deletingLastPathComponent().appendingPathComponent(set.file)
        let report = try #require(try Self.report(url))
        #expect(report.n == set.count)
        #expect(report.complaint.f1 >= set.complaintF1, "complaint F1 \(report.complaint.f1)")
        #expect(report.severity.macroF1 >= set.severityMacroF1, "severity macro-F1 \(report.severity.macroF1)")
        #expect(report.category.accuracy >= set.categoryAccuracy, "category accuracy \(report.category.accuracy)")
        #expect(report.language.accuracy >= set.languageAccuracy, "language accuracy \(report.language.accuracy)")
    }

    @Test func devSetFloors() throws {
        guard let report = try Self.report(Self.devSet) else {
            print("note: \(Self.devSet.path) is absent; dev set floors skipped")
            return
        }
        #expect(report.n == 200)
        #expect(report.complaint.f1 >= 0.90, "complaint F1 \(report.complaint.f1)")
        #expect(report.severity.macroF1 >= 0.75, "severity macro-F1 \(report.severity.macroF1)")
        #expect(report.category.accuracy >= 0.80, "category accuracy on complaints \(report.category.accuracy)")
        #expect(report.language.accuracy >= 0.98, "language accuracy \(report.language.accuracy)")
    }

    @Test func reportArithmetic() {
        func mention(_ complaint: Bool, _ severity: Severity, _ category: Category) -> LabelledMention {
            LabelledMention(
                id: "x", text: "", language: "en", complaint: complaint, severity: severity, category: category)
        }
        func verdict(
            _ complaint: Bool, _ severity: Severity, _ category: Category, _ language: String = "en"
        ) -> Assessment {
            Assessment(language: language, complaint: complaint, severity: severity, category: category)
        }
        let report = EvaluationReport([
            (mention(true, .dissatisfied, .billing), verdict(true, .dissatisfied, .billing)),
            (mention(true, .veryDissatisfied, .delivery), verdict(true, .dissatisfied, .product)),
            (mention(false, .none, .none), verdict(true, .dissatisfied, .other, "da")),
            (mention(false, .none, .none), verdict(false, .none, .none)),
        ])
        #expect(report.n == 4)
        #expect(report.complaint.precision == 2.0 / 3.0)
        #expect(report.complaint.recall == 1)
        #expect(report.complaint.accuracy == 0.75)
        #expect(report.category.n == 2)
        #expect(report.category.accuracy == 0.5)
        #expect(report.severity.confusion["very_dissatisfied"]?["dissatisfied"] == 1)
        #expect(report.language.accuracy == 0.75)
        #expect(report.severity.perClass["none"]?.recall == 0.5)
    }
}
