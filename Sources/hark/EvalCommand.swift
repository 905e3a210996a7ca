import ArgumentParser
import Foundation
import HarkAssessment
import HarkCore

/// `hark eval FILE`: score the assessor against labelled JSON Lines and print a JSON report.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score assessment against labelled JSON Lines; print a JSON report.",
        discussion: """
            The report has, per axis, accuracy, per-class precision/recall/F1 and macro-F1, and a confusion \
            matrix (confusion[gold][predicted]); complaint has accuracy, precision, recall and F1; category \
            is scored on the mentions labelled as complaints only.
            """)

    @Option(help: "A Hark configuration whose brands to recognise (no store is opened).")
    var config: String?

    @Flag(help: "Print the report on one line.")
    var compact = false

    @Argument(help: "A labelled JSON Lines file (spec/complaint-taxonomy.md, \"Data format\").")
    var file: String

    func run() async throws {
        let assessor = try AssessmentCommandSupport.assessor(configPath: config)
        let mentions = try LabelledMention.readLines(try AssessmentCommandSupport.read(file))
        let items = mentions.map { mention in
            (gold: mention, predicted: assessor.assess(
                text: mention.text, subject: mention.subject, title: mention.title, channel: mention.channel))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = compact ? [.sortedKeys] : [.sortedKeys, .prettyPrinted]
        let json = try encoder.encode(EvaluationReport(items))
        FileHandle.standardOutput.write(json + Data("\n".utf8))
    }
}
