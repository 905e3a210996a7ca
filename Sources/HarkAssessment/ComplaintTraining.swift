import HarkCore

/// Training the complaint model from labelled mentions, and measuring it honestly: k-fold
/// cross-validation assesses each mention with a model trained without it.
public enum ComplaintTraining {
    /// The text form of a model trained on `mentions` (those labelled complaint or not), leaving
    /// out features fewer than `minimumDocuments` of them use.
    public static func modelText(
        _ mentions: [LabelledMention], minimumDocuments: Int = ComplaintModel.minimumDocuments
    ) -> String {
        ComplaintModel.train(examples(mentions), minimumDocuments: minimumDocuments)
    }

    /// The Swift source of the built-in model: `modelText` as a string literal.
    public static func swiftSource(_ mentions: [LabelledMention], sources: [String]) -> String {
        CategoryTraining.generatedSource(
            extending: "BuiltinComplaintModel", model: modelText(mentions), sources: sources,
            counted: "\(examples(mentions).count) mentions")
    }

    /// Complaint F1 over `mentions` by `folds`-fold cross-validation (mention `i` is in fold
    /// `i % folds`): with the cue lists alone, and with the model trained on the other folds added.
    public static func crossValidate(
        _ mentions: [LabelledMention], folds: Int, settings: AssessmentSettings = AssessmentSettings()
    ) throws(HarkError) -> (cues: Double, combined: Double) {
        guard folds >= 2, mentions.count >= folds else {
            throw HarkError(.invalidInput, "cross-validation needs at least 2 folds and a mention per fold")
        }
        let cues = try Assessor(settings: settings, categoryModel: nil, complaintModel: nil)
        var counts = (cues: F1Counts(), combined: F1Counts())
        for fold in 0..<folds {
            let training = mentions.indices.filter { $0 % folds != fold }.map { mentions[$0] }
            let model = try ComplaintModel(text: modelText(training))
            let combined = try Assessor(settings: settings, categoryModel: nil, complaintModel: model)
            for index in mentions.indices where index % folds == fold {
                let mention = mentions[index]
                guard let truth = mention.complaint else { continue }
                func complains(_ assessor: Assessor) -> Bool {
                    assessor.assess(text: mention.text, subject: mention.subject, title: mention.title).complaint
                }
                counts.cues.add(truth: truth, predicted: complains(cues))
                counts.combined.add(truth: truth, predicted: complains(combined))
            }
        }
        return (counts.cues.f1, counts.combined.f1)
    }

    static func examples(_ mentions: [LabelledMention]) -> [(tokens: TokenizedText, complaint: Bool)] {
        mentions.compactMap { mention in
            guard let complaint = mention.complaint else { return nil }
            return (Assessor.tokens(text: mention.text, subject: mention.subject, title: mention.title), complaint)
        }
    }
}

/// True and false positives and negatives, for an F1.
private struct F1Counts {
    var truePositives = 0
    var falsePositives = 0
    var falseNegatives = 0

    mutating func add(truth: Bool, predicted: Bool) {
        if truth && predicted { truePositives += 1 }
        if !truth && predicted { falsePositives += 1 }
        if truth && !predicted { falseNegatives += 1 }
    }

    var f1: Double {
        let denominator = 2 * truePositives + falsePositives + falseNegatives
        return denominator == 0 ? 0 : Double(2 * truePositives) / Double(denominator)
    }
}
