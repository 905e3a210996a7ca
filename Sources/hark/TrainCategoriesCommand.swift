import ArgumentParser
import Foundation
import HarkAssessment
import HarkCore

/// `hark train-categories FILE...`: a developer's command (hidden from help) that trains the
/// built-in category model (and, with `--complaint-output`, the complaint model) from labelled JSON
/// Lines and writes their Swift source; with `--folds`, it first prints the cross-validated category
/// accuracy and complaint F1. `scripts/train-categories.sh` runs it.
struct TrainCategories: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-categories",
        abstract: "Train the built-in category model from labelled JSON Lines (for developers).",
        shouldDisplay: false)

    @Option(help: "Where to write the Swift source of the model (none: not written).")
    var output: String?

    @Option(help: "Where to write the Swift source of the complaint model (none: not trained).")
    var complaintOutput: String?

    @Option(help: "Print k-fold cross-validated category accuracy to stderr first (0: skip).")
    var folds = 0

    @Option(help: "A labelled file to score with the models just trained (held out of training): prints the JSON report of hark eval on one line.")
    var evaluate: [String] = []

    @Argument(help: "Labelled JSON Lines files (spec/complaint-taxonomy.md, \"Data format\").")
    var files: [String]

    func run() async throws {
        var mentions: [LabelledMention] = []
        for file in files { mentions += try LabelledMention.readLines(try AssessmentCommandSupport.read(file)) }
        if folds > 0 {
            let accuracy = try CategoryTraining.crossValidate(mentions, folds: folds)
            FileHandle.standardError.write(Data("""
                category accuracy, \(folds)-fold cross-validation over \(mentions.count) mentions: \
                keywords alone \(accuracy.keywords), with the model \(accuracy.combined)\n
                """.utf8))
            if complaintOutput != nil {
                let f1 = try ComplaintTraining.crossValidate(mentions, folds: folds)
                FileHandle.standardError.write(Data("""
                    complaint F1, \(folds)-fold cross-validation over \(mentions.count) mentions: \
                    cue lists alone \(f1.cues), with the model \(f1.combined)\n
                    """.utf8))
            }
        }
        try evaluateHeldOut(mentions)
        let names = files.map { URL(fileURLWithPath: $0).lastPathComponent }
        if let output { try write(CategoryTraining.swiftSource(mentions, sources: names), to: output) }
        if let complaintOutput { try write(ComplaintTraining.swiftSource(mentions, sources: names), to: complaintOutput) }
    }

    /// Scores each `--evaluate` file with models trained on `mentions` alone.
    private func evaluateHeldOut(_ mentions: [LabelledMention]) throws {
        guard !evaluate.isEmpty else { return }
        let assessor = try Assessor(
            settings: AssessmentSettings(), categoryModel: try CategoryModel(text: CategoryTraining.modelText(mentions)),
            complaintModel: try ComplaintModel(text: ComplaintTraining.modelText(mentions)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for file in evaluate {
            let items = try LabelledMention.readLines(try AssessmentCommandSupport.read(file)).map { mention in
                (gold: mention, predicted: assessor.assess(
                    text: mention.text, subject: mention.subject, title: mention.title, channel: mention.channel))
            }
            FileHandle.standardOutput.write(try encoder.encode(EvaluationReport(items)) + Data("\n".utf8))
        }
    }

    private func write(_ source: String, to path: String) throws(HarkError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(source.utf8)) else {
            throw HarkError(.invalidInput, "cannot write \(path)")
        }
    }
}
