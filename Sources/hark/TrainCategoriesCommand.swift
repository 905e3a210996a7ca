import ArgumentParser
import Foundation
import HarkAssessment
import HarkCore

/// `hark train-categories FILE...`: a developer's command (hidden from help) that trains the
/// built-in category model from labelled JSON Lines and writes its Swift source; with `--folds`, it
/// first prints the cross-validated category accuracy. `scripts/train-categories.sh` runs it.
struct TrainCategories: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-categories",
        abstract: "Train the built-in category model from labelled JSON Lines (for developers).",
        shouldDisplay: false)

    @Option(help: "Where to write the Swift source of the model.")
    var output: String

    @Option(help: "Print k-fold cross-validated category accuracy to stderr first (0: skip).")
    var folds = 0

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
        }
        let names = files.map { URL(fileURLWithPath: $0).lastPathComponent }
        let source = CategoryTraining.swiftSource(mentions, sources: names)
        guard FileManager.default.createFile(atPath: output, contents: Data(source.utf8)) else {
            throw HarkError(.invalidInput, "cannot write \(output)")
        }
    }
}
