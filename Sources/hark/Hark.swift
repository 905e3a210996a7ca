import ArgumentParser
import Foundation
import HarkCore
import HarkDaemon

/// The `hark` command.
@main
struct Hark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hark",
        abstract: "Listens for what customers say about a brand and keeps one complaint inbox.",
        subcommands: [
            Serve.self, CheckConfig.self, Sources.self, Poll.self, Inbox.self, Export.self, Quarantine.self, Erase.self, Backup.self, Parse.self, Assess.self, Eval.self, Reassess.self, RecurrenceCommand.self, Migrate.self, TrainCategories.self,
        ])

    /// Exit codes (spec/interface.md): 0 success, 1 user error, 2 usage, 70+ internal.
    static func main() async {
        unblockTerminationSignals()
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(1)
        } catch let error as HarkError {
            FileHandle.standardError.write(Data(("hark: \(error.message)\n").utf8))
            let userError: Set<HarkError.Code> = [.invalidConfiguration, .invalidInput, .notFound, .conflict]
            Foundation.exit(userError.contains(error.code) ? 1 : (error.code == .unavailable ? 75 : 70))
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data(("hark: \(error.message)\n").utf8))
            Foundation.exit(2)
        } catch {
            // A command group run without a subcommand asks for its help (a clean exit).
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data(("hark: \(error)\n").utf8))
            Foundation.exit(70)
        }
    }
}

/// A parent may start Hark with signals blocked (a thread's mask is inherited across exec); then
/// SIGTERM, SIGINT and SIGHUP would stay pending for ever and the daemon could not be stopped or
/// reloaded. Unblock them before any thread starts, so every later thread inherits the mask.
func unblockTerminationSignals() {
    var signals = sigset_t()
    sigemptyset(&signals)
    for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, signal) }
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
}

/// `--config PATH`, defaulting to `$HARK_CONFIG` or `/etc/hark/hark.yaml`.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $HARK_CONFIG or /etc/hark/hark.yaml).")
    var config: String?

    var path: String {
        config ?? ProcessInfo.processInfo.environment["HARK_CONFIG"] ?? "/etc/hark/hark.yaml"
    }
}
