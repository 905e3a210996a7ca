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
    /// Checks what a new configuration needs beyond the server's settings (the polled sources and
    /// their secrets) and returns how to switch to it; a problem refuses the whole reload.
    var prepareReload: @Sendable (HarkConfiguration) throws(ConfigurationError) -> @Sendable () -> Void = { _ in {} }

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
            let switchSources = try prepareReload(config)
            settings.replace(with: next)
            switchSources()
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
