import ArgumentParser
import Foundation
import HarkMail

/// `hark parse mail FILE...`: parse RFC 5322 messages as the mail source would and print each as one
/// line of JSON (spec/interface.md, "Inspection JSON").
struct ParseMail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Parse RFC 5322 messages (one per file); print one JSON object per file, one per line.",
        discussion: """
            A broken message is read as far as it can be and printed with its "defects"; "flags" marks \
            auto-replies, bounces and messages cut at a limit. A file that cannot be read, or is larger \
            than --max-bytes, prints a one-line message on stderr and makes the exit status 1.
            """
    )

    @Option(help: "The largest message read, in bytes (the mail source's message size cap).")
    var maxBytes = 25 * 1024 * 1024

    @Argument(help: "Message files (.eml, one message each).")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one message file") }
        if maxBytes <= 0 { throw ValidationError("--max-bytes must be positive") }
    }

    func run() async throws {
        var failed = false
        for file in files {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file), options: .mappedIfSafe)
            } catch {
                FileHandle.standardError.write(Data("hark: \(file): cannot read the file\n".utf8))
                failed = true
                continue
            }
            guard data.count <= maxBytes else {
                FileHandle.standardError.write(Data("hark: \(file): larger than \(maxBytes) bytes; not parsed\n".utf8))
                failed = true
                continue
            }
            let message = MailParser.parse(data)
            FileHandle.standardOutput.write(Data((message.inspectionJSON + "\n").utf8))
        }
        if failed { throw ExitCode(1) }
    }
}
