import ArgumentParser
import Foundation
import HarkCore
import HarkFeeds

/// `hark parse ...`: parse input files as Hark would and print what it sees, as JSON.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse input files as Hark would and print the result as JSON.",
        subcommands: [Feed.self, ParseMail.self])

    /// `hark parse feed [--url URL] [--charset NAME] FILE...`
    struct Feed: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "feed",
            abstract: "Parse feed files (RSS, Atom, JSON Feed); print one JSON object per file, one per line.",
            discussion: """
                Each file is parsed as if fetched from --url with the HTTP charset --charset. A broken \
                feed that could be recovered prints with "recovered": true and exits 0; a file that is \
                not a usable feed prints a one-line message on stderr and makes the exit status 1.
                """)

        @Option(help: "The URL the files are taken to come from (relative links resolve against it; http or https).")
        var url: String?

        @Option(help: "The charset of the HTTP Content-Type the files are taken to come with.")
        var charset: String?

        /// Benchmarks only (bench/feeds.sh): HTML-to-text and sanitising off, to measure the parser alone.
        @Flag(name: .customLong("no-html"), help: .hidden)
        var noHTML = false

        @Argument(help: "Feed files.")
        var files: [String]

        func validate() throws {
            if let url {
                guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
                    scheme == "http" || scheme == "https", parsed.host?.isEmpty == false
                else {
                    throw ValidationError("--url must be an absolute http or https URL")
                }
            }
            if files.isEmpty { throw ValidationError("give at least one feed file") }
        }

        func run() throws {
            var options = FeedParseOptions(url: url.flatMap(URL.init(string:)), httpCharset: charset)
            options.processHTML = !noHTML
            var failed = false
            for file in files {
                // Mapped, and given back behind the parser: a large feed is not resident twice
                // (as input and as items). Not a regular file (a pipe): read whole.
                let mapped = try? MappedFile(path: file)
                let data: Data
                do {
                    data = try mapped?.data ?? Data(contentsOf: URL(fileURLWithPath: file))
                } catch {
                    FileHandle.standardError.write(Data("hark: \(file): cannot read the file\n".utf8))
                    failed = true
                    continue
                }
                var fileOptions = options
                if let mapped { fileOptions.inputConsumed = { mapped.release(upTo: $0) } }
                do {
                    let feed = try FeedParser.parse(data, options: fileOptions)
                    feed.writeInspectionJSON { FileHandle.standardOutput.write(Data(buffer: $0)) }
                    FileHandle.standardOutput.write(Data("\n".utf8))
                } catch {
                    FileHandle.standardError.write(Data("hark: \(file): \(error.description)\n".utf8))
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
