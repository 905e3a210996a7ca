import Foundation
import HarkCore
import HarkCurl
import HarkServer
import HarkStore
import HarkStorePostgres
import HarkStoreSQLite
import HarkWebhooks
import Yams

/// The configuration could not be used: every problem, one line each.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var problems: [String]
    public var description: String { problems.map { "\(path): \($0)" }.joined(separator: "\n") }

    public init(path: String, problems: [String]) {
        self.path = path
        self.problems = problems
    }
}

extension HarkConfiguration {
    /// Reads and validates the configuration file at `path`.
    /// - Throws: ``ConfigurationError`` listing every problem found.
    public static func load(path: String) throws(ConfigurationError) -> HarkConfiguration {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw ConfigurationError(path: path, problems: ["cannot read the file (does it exist and is it UTF-8?)"])
        }
        return try parse(yaml: text, path: path)
    }

    /// Parses configuration text. `path` is used in messages and to find relative secret files.
    public static func parse(yaml: String, path: String) throws(ConfigurationError) -> HarkConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            let message = "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            throw ConfigurationError(path: path, problems: ["not valid YAML: \(message)"])
        }
        let reader = ConfigReader()
        var config = HarkConfiguration()
        config.directory = (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        guard let root,
            let top = reader.mapping(
                root, at: "",
                known: [
                    "server", "storage", "network", "api", "brands", "assessment", "workflow", "notifier", "sources",
                    "limits", "logging", "recurrence",
                ])
        else {
            throw ConfigurationError(path: path, problems: ["the file is empty or not a mapping"])
        }
        config.readServer(top["server"], reader)
        config.readStorage(top["storage"], reader)
        if let network = reader.mapping(top["network"], at: "network", known: ["allow_cidrs"]) {
            config.allowCIDRs = reader.strings(network["allow_cidrs"], at: "network.allow_cidrs")
            for (index, entry) in config.allowCIDRs.enumerated() {
                do {
                    _ = try AddressPolicy.AllowEntry(parsing: entry)
                } catch {
                    reader.problem("network.allow_cidrs[\(index)]", error.reason)
                }
            }
        }
        config.readTokens(top["api"], reader)
        config.readBrands(top["brands"], reader)
        config.readAssessment(top["assessment"], reader)
        config.readWorkflow(top["workflow"], reader)
        config.readNotifier(top["notifier"], reader)
        config.readSources(top["sources"], reader)
        config.readLimits(top["limits"], reader)
        if let recurrence = reader.mapping(top["recurrence"], at: "recurrence", known: ["reach_multiplier"]),
            let multiplier = reader.int(recurrence["reach_multiplier"], at: "recurrence.reach_multiplier", range: 1...1000)
        {
            config.reachMultiplier = Double(multiplier)
        }
        if let logging = reader.mapping(top["logging"], at: "logging", known: ["level"]),
            let level = reader.string(logging["level"], at: "logging.level")
        {
            if ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) {
                config.logLevel = level
            } else {
                reader.problem("logging.level", "expected trace, debug, info, notice, warning, error or critical")
            }
        }
        config.checkWebhookListener(reader)
        guard reader.problems.isEmpty else { throw ConfigurationError(path: path, problems: reader.problems) }
        return config
    }

    private mutating func readServer(_ node: Node?, _ reader: ConfigReader) {
        guard
            let server = reader.mapping(
                node, at: "server", known: ["listen", "hooks_listen", "idle_timeout", "header_timeout", "secure_cookies"])
        else {
            return
        }
        if let secure = reader.bool(server["secure_cookies"], at: "server.secure_cookies") {
            self.server.secureCookies = secure
        }
        for (key, keyPath) in [("listen", \Server.listen)] {
            guard let text = reader.string(server[key], at: "server.\(key)") else { continue }
            if let address = ListenAddress(text) { self.server[keyPath: keyPath] = address } else {
                reader.problem("server.\(key)", "expected host:port, e.g. 127.0.0.1:8080")
            }
        }
        if let text = reader.string(server["hooks_listen"], at: "server.hooks_listen") {
            if let address = ListenAddress(text) { self.server.hooksListen = address } else {
                reader.problem("server.hooks_listen", "expected host:port, e.g. 0.0.0.0:8443")
            }
        }
        if let idle = reader.duration(server["idle_timeout"], at: "server.idle_timeout") { self.server.idleTimeout = idle }
        if let header = reader.duration(server["header_timeout"], at: "server.header_timeout") {
            self.server.headerTimeout = header
        }
    }

    private mutating func readStorage(_ node: Node?, _ reader: ConfigReader) {
        guard
            let storage = reader.mapping(
                node, at: "storage", known: ["sqlite", "postgres", "raw_retention_days", "disk_reserve_mib"])
        else { return }
        if let postgres = storage["postgres"] {
            readPostgres(postgres, reader)
            if storage["sqlite"] != nil {
                reader.problem("storage", "give one of storage.sqlite and storage.postgres, not both")
            }
        }
        if let sqlite = storage["sqlite"] {
            if case .scalar = sqlite {
                if let path = reader.string(sqlite, at: "storage.sqlite") { self.storage.sqlitePath = path }
            } else if let map = reader.mapping(sqlite, at: "storage.sqlite", known: ["path", "synchronous"]) {
                if let path = reader.string(map["path"], at: "storage.sqlite.path", required: true) {
                    self.storage.sqlitePath = path
                }
                if let text = reader.string(map["synchronous"], at: "storage.sqlite.synchronous") {
                    if let mode = SQLiteInboxStore.Synchronous(rawValue: text.lowercased()) {
                        self.storage.synchronous = mode
                    } else {
                        reader.problem("storage.sqlite.synchronous", "expected full or normal")
                    }
                }
            }
        }
        if let days = reader.int(storage["raw_retention_days"], at: "storage.raw_retention_days", range: 1...3650) {
            self.storage.rawRetentionDays = days
        }
        if let mib = reader.int(storage["disk_reserve_mib"], at: "storage.disk_reserve_mib", range: 0...1_048_576) {
            self.storage.diskReserveMiB = mib
        }
    }

    /// `storage.postgres: { url, password_file | password_env, tls, pool_size, instance, lease }`.
    private mutating func readPostgres(_ node: Node, _ reader: ConfigReader) {
        let path = "storage.postgres"
        guard
            let map = reader.mapping(
                node, at: path, known: ["url", "password_file", "password_env", "tls", "pool_size", "instance", "lease"]),
            let url = reader.string(map["url"], at: "\(path).url", required: true)
        else { return }
        var postgres = Postgres(url: url)
        if map["password_file"] != nil || map["password_env"] != nil {
            postgres.password = HarkConfiguration.secret(map, prefix: "password", at: path, reader)
        }
        if let tls = reader.string(map["tls"], at: "\(path).tls") {
            postgres.tls = PostgresStoreConfiguration.TLSMode(rawValue: tls)
            if postgres.tls == nil {
                let modes = PostgresStoreConfiguration.TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                reader.problem("\(path).tls", "expected one of \(modes)")
            }
        }
        if let size = reader.int(map["pool_size"], at: "\(path).pool_size", range: 1...1000) { postgres.poolSize = size }
        do {
            let parsed = try PostgresStoreConfiguration(url: url, tls: postgres.tls, poolSize: postgres.poolSize)
            if parsed.password != nil {
                reader.problem("\(path).url", "holds a password; put it in password_file or password_env (secrets are never inline)")
            }
        } catch {
            reader.problem("\(path).url", error.message)
        }
        if let instance = reader.string(map["instance"], at: "\(path).instance") {
            if LeaseName.isValid(instance), instance.count <= 100 {
                self.storage.instance = instance
            } else {
                reader.problem("\(path).instance", "expected 1 to 100 printable characters")
            }
        }
        if let lease = reader.duration(map["lease"], at: "\(path).lease") {
            if lease >= .seconds(3), lease <= .seconds(3600) {
                self.storage.lease = lease
            } else {
                reader.problem("\(path).lease", "expected 3s to 1h")
            }
        }
        self.storage.postgres = postgres
    }

    private mutating func readTokens(_ node: Node?, _ reader: ConfigReader) {
        guard let api = reader.mapping(node, at: "api", known: ["tokens"]) else { return }
        var names = Set<String>()
        for (index, item) in reader.sequence(api["tokens"], at: "api.tokens").enumerated() {
            let path = "api.tokens[\(index)]"
            guard
                let map = reader.mapping(
                    item, at: path, known: ["name", "role", "token_file", "token_env", "brands"])
            else { continue }
            let name = reader.string(map["name"], at: "\(path).name", required: true)
            let role = map["role"] == nil
                ? { reader.problem("\(path).role", "is required"); return nil }() : reader.oneOf(map["role"], at: "\(path).role", APIRole.self)
            let secret = Self.secret(map, prefix: "token", at: path, reader)
            let brands = map["brands"].map { reader.strings($0, at: "\(path).brands") }
            if let name, !names.insert(name).inserted { reader.problem("\(path).name", "token name \(name) is used twice") }
            if let name, let role, let secret {
                tokens.append(Token(name: name, role: role, brands: brands, secret: secret))
            }
        }
    }

    private mutating func readBrands(_ node: Node?, _ reader: ConfigReader) {
        for (index, item) in reader.sequence(node, at: "brands").enumerated() {
            let path = "brands[\(index)]"
            guard let map = reader.mapping(item, at: path, known: ["name", "aliases", "exclude"]),
                let name = reader.string(map["name"], at: "\(path).name", required: true)
            else { continue }
            brands.append(
                Brand(
                    name: name, aliases: reader.strings(map["aliases"], at: "\(path).aliases"),
                    exclude: reader.strings(map["exclude"], at: "\(path).exclude")))
        }
    }

    private mutating func readLimits(_ node: Node?, _ reader: ConfigReader) {
        let known: Set<String> = [
            "webhook_body_bytes", "body_timeout", "webhook_rate_per_source", "webhook_rate_per_address",
            "api_rate_per_token", "export_rate_per_token", "auth_failures_per_minute", "group_commit_items", "feed_download_bytes",
            "feed_decoded_bytes", "feed_encodings", "redirects", "fetch_connect_timeout", "fetch_timeout",
            "fetch_low_speed_bytes", "fetch_low_speed_time", "feed_items", "politeness_gap",
            "mail_message_bytes", "mail_batch_messages", "mail_batch_bytes",
        ]
        guard let map = reader.mapping(node, at: "limits", known: known) else { return }
        if let bytes = reader.int(map["webhook_body_bytes"], at: "limits.webhook_body_bytes", range: 1024...(64 << 20)) {
            limits.server.webhookBodyBytes = bytes
        }
        if let timeout = reader.duration(map["body_timeout"], at: "limits.body_timeout") {
            limits.server.bodyTimeout = timeout
        }
        func rate(_ key: String) -> RateLimiter.Rate?? {
            switch reader.rate(map[key], at: "limits.\(key)") {
            case nil: return .none
            case .unlimited: return .some(nil)
            case .limited(let perSecond, let burst): return .some(RateLimiter.Rate(perSecond: perSecond, burst: burst))
            }
        }
        if let value = rate("webhook_rate_per_source") { limits.server.webhookRatePerSource = value }
        if let value = rate("webhook_rate_per_address") { limits.server.webhookRatePerAddress = value }
        if let value = rate("api_rate_per_token") { limits.server.apiRatePerToken = value }
        if let value = rate("export_rate_per_token") { limits.server.exportRatePerToken = value }
        if let count = reader.int(map["auth_failures_per_minute"], at: "limits.auth_failures_per_minute", range: 1...100_000) {
            limits.server.authFailuresPerMinute = count
        }
        if let items = reader.int(map["group_commit_items"], at: "limits.group_commit_items", range: 1...10_000) {
            limits.groupCommitItems = items
        }
        readFetchLimits(map, reader)
    }

    private mutating func readFetchLimits(_ map: [String: Node], _ reader: ConfigReader) {
        func int(_ key: String, _ range: ClosedRange<Int>) -> Int? { reader.int(map[key], at: "limits.\(key)", range: range) }
        func duration(_ key: String) -> Duration? { reader.duration(map[key], at: "limits.\(key)") }
        if let bytes = int("feed_download_bytes", 1024...(1 << 30)) { limits.fetch.maximumWireBytes = bytes }
        if let bytes = int("feed_decoded_bytes", 1024...(1 << 30)) { limits.fetch.maximumDecodedBytes = bytes }
        if let count = int("feed_encodings", 1...10) { limits.fetch.maximumEncodings = count }
        if let count = int("redirects", 0...20) { limits.fetch.maximumRedirects = count }
        if let value = duration("fetch_connect_timeout") { limits.fetch.connectTimeout = value }
        if let value = duration("fetch_timeout") { limits.fetch.totalTimeout = value }
        if let bytes = int("fetch_low_speed_bytes", 1...(1 << 30)) { limits.fetch.lowSpeedBytesPerSecond = bytes }
        if let value = duration("fetch_low_speed_time") { limits.fetch.lowSpeedTime = value }
        if let count = int("feed_items", 1...100_000) { limits.feedItems = count }
        if let value = duration("politeness_gap") { limits.politenessGap = value }
        if let bytes = int("mail_message_bytes", 1024...(1 << 30)) { limits.mailMessageBytes = bytes }
        if let count = int("mail_batch_messages", 1...5_000) { limits.mailBatchMessages = count }
        if let bytes = int("mail_batch_bytes", (64 << 10)...(1 << 30)) { limits.mailBatchBytes = bytes }
    }

    static func secret(_ map: [String: Yams.Node], prefix: String, at path: String, _ reader: ConfigReader)
        -> SecretReference?
    {
        let file = reader.string(map["\(prefix)_file"], at: "\(path).\(prefix)_file")
        let env = reader.string(map["\(prefix)_env"], at: "\(path).\(prefix)_env")
        switch (file, env) {
        case (let file?, nil): return .file(file)
        case (nil, let env?): return .environment(env)
        case (nil, nil):
            reader.problem(path, "needs \(prefix)_file or \(prefix)_env (secrets are never written inline)")
        default:
            reader.problem(path, "give only one of \(prefix)_file and \(prefix)_env")
        }
        return nil
    }

    private func checkWebhookListener(_ reader: ConfigReader) {
        for (index, source) in sources.enumerated() where source.kind == .webhook && source.scheme == .none {
            if !webhookListener.isLoopback {
                reader.problem(
                    "sources[\(index)].scheme",
                    "\"none\" is allowed only when webhooks are served on loopback (now \(webhookListener))")
            }
        }
    }
}
