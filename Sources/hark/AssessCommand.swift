import ArgumentParser
import Foundation
import HarkAssessment
import HarkCore
import HarkDaemon

/// `hark assess [FILE]`: assess mentions given as JSON Lines (the taxonomy's data format) and print one
/// assessment per line, in the same order (spec/interface.md).
struct Assess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess mentions (JSON Lines: id, text, subject/title, channel); print one assessment per line.",
        discussion: """
            Reads FILE, or standard input when no FILE is given. Each output line is {"id", "language", \
            "complaint", "severity", "category", "brands", "cues"}. A line that is not a mention object is \
            reported on stderr with its number and makes the exit status 1. With --config, the \
            configuration's brands are recognised; otherwise no brands are configured.
            """)

    @Option(help: "A Hark configuration whose brands to recognise (no store is opened).")
    var config: String?

    @Flag(help: "Print to stderr how many mentions were assessed and how fast (assessment only, JSON excluded).")
    var stats = false

    @Argument(help: "A JSON Lines file (default: standard input).")
    var file: String?

    func run() async throws {
        let assessor = try AssessmentCommandSupport.assessor(configPath: config)
        let data = try AssessmentCommandSupport.read(file)
        var failed = false
        var number = 0
        let decoder = JSONDecoder()
        var output = ""
        var assessed = 0
        var spent = Duration.zero
        let clock = ContinuousClock()
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            guard let mention = try? decoder.decode(LabelledMention.self, from: Data(line)) else {
                FileHandle.standardError.write(Data("hark: line \(number): not a mention object\n".utf8))
                failed = true
                continue
            }
            let started = clock.now
            let assessment = assessor.assess(
                text: mention.text, subject: mention.subject, title: mention.title, channel: mention.channel)
            spent += clock.now - started
            assessed += 1
            output += Output.jsonLine(AssessmentLineJSON(id: mention.id, assessment: assessment)) + "\n"
            if output.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if stats {
            let seconds = spent.inSeconds
            let rate = seconds > 0 ? Double(assessed) / seconds : 0
            FileHandle.standardError.write(
                Data("assessed \(assessed) mentions in \(seconds) s (\(Int(rate)) mentions/s, assessment only)\n".utf8))
        }
        if failed { throw ExitCode(1) }
    }
}

/// One line of `hark assess`.
struct AssessmentLineJSON: Encodable {
    var id: String
    var assessment: Assessment

    private enum Keys: String, CodingKey {
        case id, language, complaint, severity, category, brands, cues
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(assessment.language, forKey: .language)
        try container.encode(assessment.complaint, forKey: .complaint)
        try container.encode(assessment.severity.rawValue, forKey: .severity)
        try container.encode(assessment.category.rawValue, forKey: .category)
        try container.encode(assessment.brands, forKey: .brands)
        try container.encode(assessment.cues, forKey: .cues)
    }
}

/// What `hark assess` and `hark eval` share: the assessor and reading the input.
enum AssessmentCommandSupport {
    static func assessor(configPath: String?) throws -> Assessor {
        guard let configPath else { return try Assessor() }
        return try Assessor(settings: HarkConfiguration.load(path: configPath).assessmentSettings)
    }

    static func read(_ file: String?) throws -> Data {
        guard let file else { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw HarkError(.invalidInput, "\(file): cannot read the file")
        }
        return data
    }
}
