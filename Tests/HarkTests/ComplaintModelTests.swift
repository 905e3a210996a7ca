import Foundation
import HarkAssessment
import HarkCore
import Testing

/// The complaint model: trained from labelled mentions, read back from its text form (refusing a
/// malformed one line by line), weighed with the cue lists' verdict, and measured by
/// cross-validation.
@Suite struct ComplaintModelTests {
    /// Mentions in made-up words no cue list has: the `glorp` ones complain, the `vimble` ones do not.
    static let invented: [LabelledMention] = (0..<16).map { index in
        let complains = index % 2 == 0
        let text =
            complains
            ? "my zindle glorped and the wexley snarfed it, number \(index)"
            : "my zindle vimbled and the wexley plooped it, number \(index)"
        return LabelledMention(
            id: "i\(index)", text: text, language: "en", complaint: complains,
            severity: complains ? .dissatisfied : Severity.none, category: complains ? .product : Category.none)
    }

    static func assessor(_ mentions: [LabelledMention] = invented) throws -> Assessor {
        try Assessor(
            settings: AssessmentSettings(), categoryModel: nil,
            complaintModel: try ComplaintModel(text: ComplaintTraining.modelText(mentions, minimumDocuments: 1)))
    }

    @Test func theModelCatchesAComplaintNoCueNames() throws {
        let text = "The zindle glorped again and the wexley snarfed it."
        let lists = try Assessor(settings: AssessmentSettings(), categoryModel: nil, complaintModel: nil).assess(text: text)
        #expect(!lists.complaint, "no cue list knows these words")
        let combined = try Self.assessor().assess(text: text)
        #expect(combined.complaint && combined.severity == .dissatisfied)
        #expect(combined.cues.first == "complaint:words", "the cue says the words decided: \(combined.cues)")
        #expect(!(try Self.assessor().assess(text: "The zindle vimbled and the wexley plooped it.").complaint))
    }

    @Test func clearCuesOutweighTheModel() throws {
        let assessor = try Self.assessor()
        // Strong cue-list verdicts stand against a model that never saw their words.
        let angry = assessor.assess(text: "Absolutely furious, this is a disgrace and I am cancelling today.")
        #expect(angry.complaint && angry.severity == .veryDissatisfied)
        #expect(!assessor.assess(text: "Thank you so much, the new app is wonderful and works perfectly!").complaint)
    }

    @Test func theBuiltInModelReadsAPlainStory() throws {
        // No sentiment word: a story of what went wrong, in words the cue lists do not all have.
        let story = "Ordered a sofa in March. It is now June, the delivery date has moved four times and the "
            + "shop stopped replying to my emails."
        let assessment = try Assessor().assess(text: story)
        #expect(assessment.complaint, "\(assessment.cues)")
        let praise = try Assessor().assess(text: "Lovely staff and the sofa arrived on the day they promised. Recommended!")
        #expect(!praise.complaint, "\(praise.cues)")
    }

    @Test func trainingIsDeterministicAndCountsPairs() throws {
        let once = ComplaintTraining.modelText(Self.invented, minimumDocuments: 1)
        #expect(once == ComplaintTraining.modelText(Self.invented.reversed(), minimumDocuments: 1))
        #expect(once.hasPrefix("#documents\t8 8\n"), "complaints, then the others")
        #expect(once.contains("\nglorped\t8 0\n"))
        #expect(once.contains("\nzindle glorped\t8 0\n"), "pairs of words in a row")
        #expect(once.contains("\nglorp*\t8 0\n"), "five-letter prefixes of longer words")
        // Features used by one mention only (its number) are left out of a pruned model.
        #expect(once.contains("\nnumber 10\t1 0\n"))
        #expect(!ComplaintTraining.modelText(Self.invented, minimumDocuments: 2).contains("\nnumber 10\t"))
    }

    @Test(arguments: [
        ("", "no #documents line"),
        ("#documents\t1 1\nword 1 1\n", "line 2"),
        ("#documents\t1 1\nword\t1 1 1\n", "line 2"),
        ("#documents\t1 1\nword\t1 x\n", "line 2"),
        ("#documents\t1 1\nword\tnan 1\n", "line 2"),
        ("#documents\t1 1\nword\t-1 1\n", "line 2"),
        ("#documents\t1 1\nthree words here\t1 1\n", "line 2"),
        ("#documents\t1 1\ntwo  spaces\t1 1\n", "line 2"),
        ("#documents\t1 1\n*\t1 1\n", "line 2"),
        ("#documents\t0 0\nword\t1 1\n", "no training mentions at all"),
        ("\u{0}\t\u{0}", "line 1"),
    ])
    func aMalformedModelIsRefusedByLine(text: String, expected: String) {
        #expect {
            _ = try ComplaintModel(text: text)
        } throws: { error in
            "\(error)".contains(expected) && "\(error)".contains("complaint model")
        }
    }

    @Test func crossValidationKeepsEachFoldOut() throws {
        // Pruned as the built-in model is (a feature must be in two training mentions): each fold
        // still learns glorp from the others.
        let f1 = try ComplaintTraining.crossValidate(Self.invented, folds: 4)
        #expect(f1.cues == 0, "the cue lists know none of these words")
        #expect(f1.combined == 1, "each fold learns the invented words from the others")
        #expect(throws: HarkError.self) { try ComplaintTraining.crossValidate(Self.invented, folds: 1) }
    }
}
