import ArgumentParser
import Foundation
import HarkAssessment
import HarkCore
import HarkDaemon
import HarkServer
import HarkStore
import Logging
import Metrics
import Prometheus

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the daemon.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        // The executable alone bootstraps logging and metrics; libraries only take a Logger.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let daemon = Daemon(
            configPath: options.path, logger: Logger(label: "hark"), renderMetrics: { registry.emitToString() })
        try await daemon.run()
    }
}

struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration and print a summary.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let config = try HarkConfiguration.load(path: options.path)
        // Every secret is read (tokens, webhook secrets, mail passwords); all problems are listed.
        var problems: [String] = []
        var server: ServerSettings?
        do {
            server = try config.serverSettings(configPath: options.path)
        } catch {
            problems += error.problems
        }
        do {
            _ = try config.mailSettings(configPath: options.path)
        } catch {
            problems += error.problems
        }
        do {
            _ = try Assessor(settings: config.assessmentSettings)  // reads every lexicon file
        } catch {
            problems.append("assessment: \(error.message)")
        }
        guard let settings = server, problems.isEmpty else {
            throw ConfigurationError(path: options.path, problems: problems)
        }
        print("configuration \(options.path) is valid")
        for line in config.summary(settings: settings) { print("  " + line) }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent online copy of the store; restore by copying it back while stopped.")

    @OptionGroup var options: ConfigOption
    @Argument(help: "The new file to write.") var path: String

    func run() async throws {
        let commands = try await StoreCommands.open(configPath: options.path)
        try commands.backup(to: path)
        print("backup written to \(path)")
    }
}

struct Erase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase one person's mentions and raw input; dedup keys stay as hashes.")

    @OptionGroup var options: ConfigOption
    @Option(help: "The e-mail address.") var address: String?
    @Option(help: "The handle on a platform.") var handle: String?

    func validate() throws {
        guard (address == nil) != (handle == nil) else { throw ValidationError("give exactly one of --address or --handle") }
    }

    func run() async throws {
        let commands = try await StoreCommands.open(configPath: options.path)
        let subject: ErasureSubject = address.map { .address($0) } ?? .handle(handle ?? "")
        let actor = ChangeActor(name: "cli:\(ProcessInfo.processInfo.environment["USER"] ?? "unknown")", role: "admin")
        let result = try await commands.store.erase(subject, by: actor, at: Date())
        print("erased \(result.mentions) mentions, \(result.revisions) revisions, \(result.rawInputs) raw inputs")
    }
}
