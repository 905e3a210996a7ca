import HarkServer
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads sources, tokens and secrets on SIGHUP. A configuration with problems is refused and the
/// running one kept.
struct ReloadService: Service {
    let configPath: String
    let settings: SettingsHolder
    let logger: Logger
    /// Called with each accepted configuration (the feed sources are replaced through it).
    var onReload: @Sendable (HarkConfiguration) -> Void = { _ in }

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                reload()
            }
        }
    }

    func reload() {
        do {
            let config = try HarkConfiguration.load(path: configPath)
            let next = try config.serverSettings(configPath: configPath)
            settings.replace(with: next)
            onReload(config)
            logger.notice(
                "configuration reloaded",
                metadata: ["hark.webhook_sources": "\(next.endpoints.count)", "hark.tokens": "\(next.tokens.count)"])
        } catch {
            logger.error(
                "reload refused; keeping the running configuration",
                metadata: ["hark.problems": "\(error.problems.joined(separator: "; "))"])
        }
    }
}
