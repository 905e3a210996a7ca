import Foundation
import HarkCore
import Yams

/// The `notifier` section: where alerts go, the helpdesk hand-offs are posted to, and how failed
/// deliveries are retried.
///
/// ```yaml
/// notifier:
///   public_url: "https://hark.example.com"   # optional: links in alerts point at the page here
///   alerts:
///     - { id: "ops-chat", format: "slack", url_file: "alert-chat-url", on: ["very_dissatisfied", "sla_breach"] }
///     - { id: "ops-json", format: "standard-webhooks", url: "https://ops.example.com/hark",
///         secret_file: "alert-ops-secret", brands: ["Nordlys Energi"] }
///   helpdesk: { url: "https://helpdesk.example.com/api/hark", secret_file: "helpdesk-secret" }
///   retry: { first: "10s", max: "1h", attempts: 20 }
///   sla_check_interval: "60s"
///   timeout: "10s"
/// ```
extension HarkConfiguration {
    /// How an alert target wants its body.
    public enum AlertFormat: String, Sendable, CaseIterable {
        /// A Slack-compatible incoming-webhook body (`text` plus `blocks`).
        case slack
        /// Generic JSON (`type`, `timestamp`, `data`) signed with the Standard Webhooks scheme.
        case standardWebhooks = "standard-webhooks"
    }

    /// A value written inline, or (for URLs that hold a token, as Slack's do) read like a secret.
    public enum ConfiguredValue: Sendable, Hashable {
        case inline(String)
        case secret(SecretReference)
    }

    /// One configured alert receiver.
    public struct AlertTarget: Sendable {
        public var id: String
        public var format: AlertFormat
        public var url: ConfiguredValue
        /// The Standard Webhooks signing secret (`whsec_...`); required for that format.
        public var secret: SecretReference?
        /// The events it hears; default both.
        public var events: Set<OutboxKind> = [.veryDissatisfied, .slaBreach]
        /// Only mentions of these brands (`nil`: all).
        public var brands: [String]?
    }

    /// Where hand-offs are posted: a JSON POST signed with the Standard Webhooks scheme.
    public struct HelpdeskTarget: Sendable {
        public var url: ConfiguredValue
        public var secret: SecretReference
    }

    /// The notifier's settings.
    public struct Notifier: Sendable {
        public var alerts: [AlertTarget] = []
        public var helpdesk: HelpdeskTarget?
        /// The page's address as people reach it, for links in alerts.
        public var publicURL: String?
        /// The first retry after a failed delivery; each further one waits twice as long.
        public var firstRetry: Duration = .seconds(10)
        /// The longest wait between attempts.
        public var maximumRetry: Duration = .seconds(3600)
        /// Attempts before a message is given up (and reported); about two days with the defaults.
        public var maximumAttempts = 60
        /// How often overdue mentions are looked for.
        public var slaCheckInterval: Duration = .seconds(60)
        /// One delivery attempt's time limit.
        public var timeout: Duration = .seconds(10)

        public init() {}
    }

    static let alertEventNames: [String: OutboxKind] = [
        "very_dissatisfied": .veryDissatisfied, "sla_breach": .slaBreach, "trend": .trend,
    ]

    mutating func readNotifier(_ node: Node?, _ reader: ConfigReader) {
        guard
            let map = reader.mapping(
                node, at: "notifier",
                known: ["public_url", "alerts", "helpdesk", "retry", "sla_check_interval", "timeout"])
        else { return }
        if let url = reader.string(map["public_url"], at: "notifier.public_url") {
            if Self.httpURL(url) { notifier.publicURL = url } else {
                reader.problem("notifier.public_url", "expected an http or https URL")
            }
        }
        var ids = Set<String>()
        for (index, item) in reader.sequence(map["alerts"], at: "notifier.alerts").enumerated() {
            let path = "notifier.alerts[\(index)]"
            if let target = Self.readAlert(item, at: path, reader) {
                if !ids.insert(target.id).inserted { reader.problem("\(path).id", "alert id \(target.id) is used twice") }
                notifier.alerts.append(target)
            }
        }
        if let helpdesk = reader.mapping(
            map["helpdesk"], at: "notifier.helpdesk", known: ["url", "url_file", "url_env", "secret_file", "secret_env"])
        {
            let url = Self.configuredURL(helpdesk, at: "notifier.helpdesk", reader)
            let secret = Self.secret(helpdesk, prefix: "secret", at: "notifier.helpdesk", reader)
            if let url, let secret { notifier.helpdesk = HelpdeskTarget(url: url, secret: secret) }
        }
        if let retry = reader.mapping(map["retry"], at: "notifier.retry", known: ["first", "max", "attempts"]) {
            if let value = reader.duration(retry["first"], at: "notifier.retry.first") { notifier.firstRetry = value }
            if let value = reader.duration(retry["max"], at: "notifier.retry.max") { notifier.maximumRetry = value }
            if let value = reader.int(retry["attempts"], at: "notifier.retry.attempts", range: 1...1000) {
                notifier.maximumAttempts = value
            }
            if notifier.maximumRetry < notifier.firstRetry {
                reader.problem("notifier.retry.max", "is shorter than notifier.retry.first")
            }
        }
        if let value = reader.duration(map["sla_check_interval"], at: "notifier.sla_check_interval") {
            notifier.slaCheckInterval = value
        }
        if let value = reader.duration(map["timeout"], at: "notifier.timeout") { notifier.timeout = value }
    }

    private static func readAlert(_ node: Node, at path: String, _ reader: ConfigReader) -> AlertTarget? {
        guard
            let map = reader.mapping(
                node, at: path,
                known: ["id", "format", "url", "url_file", "url_env", "secret_file", "secret_env", "on", "brands"])
        else { return nil }
        let id = reader.string(map["id"], at: "\(path).id", required: true)
        if let id, SourceID(id) == nil { reader.problem("\(path).id", "use 1-64 letters, digits, '-' or '_'") }
        if map["format"] == nil { reader.problem("\(path).format", "is required (slack or standard-webhooks)") }
        let format = reader.oneOf(map["format"], at: "\(path).format", AlertFormat.self)
        let url = configuredURL(map, at: path, reader)
        var secret: SecretReference?
        if format == .standardWebhooks {
            secret = Self.secret(map, prefix: "secret", at: path, reader)
        } else if map["secret_file"] != nil || map["secret_env"] != nil {
            reader.problem(path, "a slack alert is not signed: its URL is the secret (use url_file)")
        }
        var events: Set<OutboxKind> = [.veryDissatisfied, .slaBreach]
        if map["on"] != nil {
            events = []
            for (index, name) in reader.strings(map["on"], at: "\(path).on").enumerated() {
                if let event = alertEventNames[name] { events.insert(event) } else {
                    reader.problem("\(path).on[\(index)]", "expected very_dissatisfied, sla_breach or trend")
                }
            }
            if events.isEmpty { reader.problem("\(path).on", "names no event") }
        }
        let brands = map["brands"].map { reader.strings($0, at: "\(path).brands") }
        guard let id, SourceID(id) != nil, let format, let url else { return nil }
        return AlertTarget(id: id, format: format, url: url, secret: secret, events: events, brands: brands)
    }

    /// `url`, or `url_file` / `url_env` for a URL that is itself a secret.
    private static func configuredURL(_ map: [String: Node], at path: String, _ reader: ConfigReader) -> ConfiguredValue? {
        let inline = reader.string(map["url"], at: "\(path).url")
        if let inline {
            if map["url_file"] != nil || map["url_env"] != nil {
                reader.problem(path, "give url or url_file/url_env, not both")
                return nil
            }
            guard httpURL(inline) else {
                reader.problem("\(path).url", "expected an http or https URL")
                return nil
            }
            return .inline(inline)
        }
        guard map["url_file"] != nil || map["url_env"] != nil else {
            reader.problem(path, "needs url (or url_file / url_env when the URL holds a token)")
            return nil
        }
        return secret(map, prefix: "url", at: path, reader).map(ConfiguredValue.secret)
    }

    static func httpURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host else { return false }
        return (scheme == "http" || scheme == "https") && !host.isEmpty
    }
}
