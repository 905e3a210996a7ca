import Foundation
import HarkAssessment
import HarkCore
import Testing

/// The category model: trained from labelled mentions, read back from its text form (refusing a
/// malformed one line by line), deciding the category when no keyword names one, and measured by
/// cross-validation.
@Suite struct CategoryModelTests {
    /// Complaints in made-up words no keyword list has, so only a model can place them.
    static let invented: [LabelledMention] = (0..<12).map { index in
        let (words, category): (String, Category) = switch index % 3 {
        case 0: ("the frobnicator glorped and the zindle snapped", .product)
        case 1: ("the quarble vostic was wrong on the plimsy sheet", .billing)
        default: ("the tarvel dromp never reached the wexley", .delivery)
        }
        return LabelledMention(
            id: "i\(index)", text: "Terrible. \(words) number \(index).", language: "en", complaint: true,
            severity: .dissatisfied, category: category)
    }

    @Test func aTrainedModelPlacesWordsNoListHas() throws {
        let model = try CategoryModel(text: CategoryTraining.modelText(Self.invented))
        let assessor = try Assessor(settings: AssessmentSettings(), categoryModel: model)
        let glorped = assessor.assess(text: "Terrible, my zindle glorped again.")
        #expect(glorped.complaint && glorped.category == .product)
        #expect(glorped.cues.contains("category:product:words"), "the cue says the words decided: \(glorped.cues)")
        #expect(assessor.assess(text: "Terrible: a quarble vostic again!").category == .billing)
        #expect(assessor.assess(text: "Terrible. Still no tarvel dromp.").category == .delivery)
        // A keyword the lists know still counts for more than a word the model leans on.
        #expect(assessor.assess(text: "Terrible. My zindle arrived three weeks late, the parcel was lost.").category == .delivery)
    }

    @Test func trainingIsDeterministicAndOrderFree() throws {
        let once = CategoryTraining.modelText(Self.invented)
        #expect(once == CategoryTraining.modelText(Self.invented.reversed()))
        #expect(once.hasPrefix("#documents\t4 0 4 4 0 0 0\n"), "complaints per category in taxonomy order")
        #expect(once.contains("\nglorped\t4 0 0 0 0 0 0\n"))
        #expect(once.contains("\nfrobn*\t4 0 0 0 0 0 0\n"), "five-letter prefixes of longer words")
        let source = CategoryTraining.swiftSource(Self.invented, sources: ["invented.jsonl"])
        #expect(source.contains("static let trained = #\"\"\"\n#documents"))
    }

    @Test func theBuiltInModelIsUsedAndCanBeLeftOut() throws {
        let text = "The blender I bought last week makes a grinding sound and smells hot after a minute. Very disappointed."
        let builtIn = try Assessor().assess(text: text)
        #expect(builtIn.complaint && builtIn.category == .product)
        // Without a model, no keyword means `other`.
        let bare = try Assessor(settings: AssessmentSettings(), categoryModel: nil).assess(text: text)
        #expect(bare.category == .other)
    }

    @Test(arguments: [
        ("", "no #documents line"),
        ("#documents\t1 1 1 1 1 1 1\nword 1 1 1 1 1 1 1\n", "line 2"),
        ("#documents\t1 1 1 1 1 1 1\nword\t1 1 1\n", "line 2"),
        ("#documents\t1 1 1 1 1 1 1\nword\t1 1 1 1 1 1 x\n", "line 2"),
        ("#documents\t1 1 1 1 1 1 1\nword\t1 1 1 1 1 1 nan\n", "line 2"),
        ("#documents\t1 1 1 1 1 1 1\nword\t1 1 1 1 1 1 -4\n", "line 2"),
        ("#documents\t1 1 1 1 1 1 inf\n", "line 1"),
        ("#documents\t0 0 0 0 0 0 0\nword\t1 1 1 1 1 1 1\n", "no training mentions at all"),
        ("#documents\t1 1 1 1 1 1 1\n\tword\t1 1 1 1 1 1 1\n", "line 2"),
        ("\u{0}\t\u{0}", "line 1"),
    ])
    func aMalformedModelIsRefusedByLine(text: String, expected: String) {
        #expect {
            _ = try CategoryModel(text: text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func crossValidationKeepsEachFoldOut() throws {
        let accuracy = try CategoryTraining.crossValidate(Self.invented, folds: 4)
        #expect(accuracy.keywords < 0.5, "the keyword lists know none of these words: \(accuracy.keywords)")
        #expect(accuracy.combined == 1, "each invented category is learnt from the other folds")
        #expect(throws: HarkError.self) { try CategoryTraining.crossValidate(Self.invented, folds: 1) }
        #expect(throws: HarkError.self) { try CategoryTraining.crossValidate(Array(Self.invented.prefix(2)), folds: 3) }
    }
}
