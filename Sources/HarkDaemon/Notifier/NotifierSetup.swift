import Foundation
import HarkCore
import HarkCurl
import HarkWebhooks

extension HarkConfiguration {
    /// The notifier's composer, transports (secrets read) and retry schedule.
    /// - Throws: ``ConfigurationError`` naming each target whose URL or secret cannot be read.
    func notifierSetup(
        environment: [String: String] = ProcessInfo.processInfo.environment, configPath: String
    ) throws(ConfigurationError) -> NotifierService.Setup {
        var problems: [String] = []
        let policy: AddressPolicy
        do {
            policy = try AddressPolicy(allowing: allowCIDRs)
        } catch {
            throw ConfigurationError(path: configPath, problems: ["network.allow_cidrs: \(error)"])
        }
        var limits = HTTPFetchLimits()
        limits.totalTimeout = notifier.timeout
        limits.connectTimeout = min(limits.connectTimeout, notifier.timeout)
        limits.maximumWireBytes = 64 * 1024
        limits.maximumDecodedBytes = 64 * 1024
        let fetcher = HTTPFetcher(
            policy: policy, limits: limits, userAgent: "Hark/1.0 (notifier)",
            maximumConcurrentTransfers: NotifierService.parallelDeliveries)

        func read(_ value: ConfiguredValue, at path: String) -> String? {
            switch value {
            case .inline(let text): return text
            case .secret(let reference):
                do {
                    let text = try reference.load(configDirectory: directory, environment: environment)
                    guard Self.httpURL(text) else {
                        problems.append("\(path): the URL in \(reference) is not an http or https URL")
                        return nil
                    }
                    return text
                } catch {
                    problems.append("\(path): \(error.message)")
                    return nil
                }
            }
        }
        func secret(_ reference: SecretReference, at path: String) -> WebhookSecret? {
            do {
                let secret = WebhookSecret(try reference.load(configDirectory: directory, environment: environment))
                _ = try secret.keyBytes(for: .standardWebhooks)
                return secret
            } catch let error as SecretError {
                problems.append("\(path): \(error.message)")
            } catch {
                problems.append("\(path): \(Self.problem(error))")
            }
            return nil
        }

        var transports: [String: any OutboxTransport] = [:]
        for (index, target) in notifier.alerts.enumerated() {
            let path = "notifier.alerts[\(index)] (\(target.id))"
            guard let url = read(target.url, at: path) else { continue }
            var signing: WebhookSecret?
            if target.format == .standardWebhooks, let reference = target.secret {
                guard let loaded = secret(reference, at: path) else { continue }
                signing = loaded
            }
            transports[target.id] = HTTPOutboxTransport(url: url, secret: signing, fetcher: fetcher)
        }
        if let helpdesk = notifier.helpdesk, let url = read(helpdesk.url, at: "notifier.helpdesk"),
            let signing = secret(helpdesk.secret, at: "notifier.helpdesk")
        {
            transports[AlertComposer.helpdeskTarget] = HTTPOutboxTransport(
                url: url, secret: signing, fetcher: fetcher)
        }
        var acknowledgements: [SourceID: AcknowledgementComposer] = [:]
        for (index, source) in sources.enumerated() where source.kind == .imap {
            guard let settings = source.acknowledge else { continue }
            let path = "sources[\(index)] (\(source.id)).acknowledge"
            var password: String?
            if let reference = settings.password {
                do {
                    password = try reference.load(configDirectory: directory, environment: environment)
                } catch {
                    problems.append("\(path): \(error.message)")
                    continue
                }
            }
            let composer = AcknowledgementComposer(source: source.id, settings: settings, mailboxUser: source.username)
            acknowledgements[source.id] = composer
            transports[composer.target] = SMTPOutboxTransport(
                sender: SMTPSender(
                    policy: policy,
                    settings: SMTPSettings(
                        url: settings.smtpURL, username: settings.username, password: password,
                        requireTLS: settings.requireTLS, timeout: max(notifier.timeout, .seconds(30)),
                        certificateAuthorities: settings.caFile)),
                from: settings.from)
        }
        guard problems.isEmpty else { throw ConfigurationError(path: configPath, problems: problems) }
        return NotifierService.Setup(
            composer: AlertComposer(notifier), acknowledgements: acknowledgements, transports: transports,
            schedule: RetrySchedule(
                first: notifier.firstRetry, maximum: notifier.maximumRetry, attempts: notifier.maximumAttempts),
            slaCheckInterval: notifier.slaCheckInterval,
            timeZone: serviceLevels.calendar?.timeZone ?? TimeZone(secondsFromGMT: 0) ?? .current)
    }
}
