import Foundation
import HarkCore
import HarkFeeds
import HarkWebhooks
import Yams

extension HarkConfiguration {
    static let sourceKeys: Set<String> = [
        "id", "kind", "scheme", "secret_file", "secret_env", "secrets", "signature_header", "signature_prefix",
        "signature_encoding", "delivery_header", "mapping", "content_types", "tolerance", "url", "username",
        "password_file", "password_env", "interval", "min_interval", "max_interval", "identity",
        "token_file", "token_env", "folders", "tls", "ca_file", "mark_seen", "move_to", "acknowledge",
    ]

    mutating func readSources(_ node: Node?, _ reader: ConfigReader) {
        var ids = Set<SourceID>()
        for (index, item) in reader.sequence(node, at: "sources").enumerated() {
            let path = "sources[\(index)]"
            guard let map = reader.mapping(item, at: path, known: Self.sourceKeys) else { continue }
            let rawID = reader.string(map["id"], at: "\(path).id", required: true)
            let id = rawID.flatMap { raw -> SourceID? in
                guard let id = SourceID(raw) else {
                    reader.problem("\(path).id", "use 1-64 letters, digits, '-' or '_'")
                    return nil
                }
                return id
            }
            if let id, !ids.insert(id).inserted { reader.problem("\(path).id", "source id \(id) is used twice") }
            guard map["kind"] != nil else {
                reader.problem("\(path).kind", "is required (webhook, imap or feed)")
                continue
            }
            guard let kind = reader.oneOf(map["kind"], at: "\(path).kind", SourceKind.self), let id else { continue }
            var source = Source(id: id, kind: kind)
            switch kind {
            case .webhook: source.readWebhook(map, at: path, reader)
            case .feed: source.readPolled(map, at: path, reader)
            case .imap:
                source.readPolled(map, at: path, reader)
                source.readMail(map, at: path, reader)
                source.readAcknowledge(map["acknowledge"], at: path, reader)
            }
            if kind != .imap, map["acknowledge"] != nil {
                reader.problem("\(path).acknowledge", "acknowledgement mails are for imap sources only")
            }
            sources.append(source)
        }
    }
}

extension HarkConfiguration.Source {
    mutating func readWebhook(_ map: [String: Node], at path: String, _ reader: ConfigReader) {
        if map["scheme"] == nil {
            reader.problem("\(path).scheme", "is required (\(WebhookScheme.allCases.map(\.rawValue).joined(separator: ", ")))")
        } else if let scheme = reader.oneOf(map["scheme"], at: "\(path).scheme", WebhookScheme.self) {
            self.scheme = scheme
        }
        if let list = map["secrets"] {
            for (index, item) in reader.sequence(list, at: "\(path).secrets").enumerated() {
                guard let entry = reader.mapping(item, at: "\(path).secrets[\(index)]", known: ["file", "env"]) else {
                    continue
                }
                switch (reader.string(entry["file"], at: "\(path).secrets[\(index)].file"),
                    reader.string(entry["env"], at: "\(path).secrets[\(index)].env"))
                {
                case (let file?, nil): secrets.append(.file(file))
                case (nil, let env?): secrets.append(.environment(env))
                default: reader.problem("\(path).secrets[\(index)]", "give exactly one of file or env")
                }
            }
        } else if map["secret_file"] != nil || map["secret_env"] != nil {
            if let secret = HarkConfiguration.secret(map, prefix: "secret", at: path, reader) { secrets = [secret] }
        }
        if scheme != .none, secrets.isEmpty, map["secrets"] == nil, map["secret_file"] == nil, map["secret_env"] == nil {
            reader.problem(path, "the \(scheme.rawValue) scheme needs secret_file, secret_env or secrets")
        }
        if let header = reader.string(map["signature_header"], at: "\(path).signature_header") { signature.header = header }
        if let prefix = reader.string(map["signature_prefix"], at: "\(path).signature_prefix") { signature.prefix = prefix }
        if let encoding = reader.oneOf(map["signature_encoding"], at: "\(path).signature_encoding", HMACHeaderOptions.Encoding.self) {
            signature.encoding = encoding
        }
        deliveryHeader = reader.string(map["delivery_header"], at: "\(path).delivery_header")
        if let types = map["content_types"] {
            let list = reader.strings(types, at: "\(path).content_types").map { $0.lowercased() }
            if list.isEmpty { reader.problem("\(path).content_types", "must name at least one media type") }
            contentTypes = Set(list)
        }
        if let tolerance = reader.duration(map["tolerance"], at: "\(path).tolerance") {
            self.tolerance = Double(tolerance.components.seconds)
        }
        readMapping(map["mapping"], at: "\(path).mapping", reader)
    }

    private mutating func readMapping(_ node: Node?, at path: String, _ reader: ConfigReader) {
        guard let node else { return }
        if case .scalar = node {
            guard let name = reader.string(node, at: path) else { return }
            guard let preset = PayloadMapping(preset: name) else {
                reader.problem(path, "expected generic, github, discourse or a mapping of JSON Pointers")
                return
            }
            mapping = preset
            return
        }
        guard let map = reader.mapping(node, at: path, known: Set(FieldPointers.fieldNames)) else { return }
        var pointers: [String: String] = [:]
        for (key, value) in map {
            if let text = reader.string(value, at: "\(path).\(key)") { pointers[key] = text }
        }
        do {
            mapping = .pointers(try FieldPointers(configuration: pointers))
        } catch {
            reader.problem(path, "\(error)")
        }
    }

    mutating func readPolled(_ map: [String: Node], at path: String, _ reader: ConfigReader) {
        url = reader.string(map["url"], at: "\(path).url", required: true)
        if let url, URL(string: url)?.scheme == nil {
            reader.problem("\(path).url", "expected an absolute URL")
        }
        username = reader.string(map["username"], at: "\(path).username")
        if map["password_file"] != nil || map["password_env"] != nil {
            password = HarkConfiguration.secret(map, prefix: "password", at: path, reader)
        }
        if let url, let parsed = URL(string: url), parsed.user != nil || parsed.password != nil {
            reader.problem("\(path).url", "must not carry credentials; use username and password_file")
        }
        interval = reader.duration(map["interval"], at: "\(path).interval")
        if let url, kind == .feed, let scheme = URL(string: url)?.scheme?.lowercased(), scheme != "http", scheme != "https" {
            reader.problem("\(path).url", "a feed URL must be http or https")
        }
        if let url, url.utf8.count > 2048 { reader.problem("\(path).url", "is longer than 2048 bytes") }
        if let url, url.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            reader.problem("\(path).url", "contains control characters")
        }
        minimumInterval = reader.duration(map["min_interval"], at: "\(path).min_interval")
        maximumInterval = reader.duration(map["max_interval"], at: "\(path).max_interval")
        if let minimum = minimumInterval ?? interval, let maximum = maximumInterval, minimum > maximum {
            reader.problem("\(path).max_interval", "is shorter than the minimum interval")
        }
        if map["identity"] != nil, kind == .feed {
            if let policy = reader.oneOf(map["identity"], at: "\(path).identity", FeedItemIdentity.Policy.self) {
                identity = policy
            }
        }
    }

    /// The poller's settings of a feed source, with the configuration's limits.
    func feedSettings(_ limits: HarkConfiguration.Limits) -> FeedSourceSettings? {
        guard kind == .feed, let url else { return nil }
        var settings = FeedSourceSettings(id: id, url: url, interval: interval ?? .seconds(900))
        if let minimumInterval { settings.minimumInterval = minimumInterval }
        if let maximumInterval { settings.maximumInterval = maximumInterval }
        settings.maximumInterval = max(settings.maximumInterval, settings.minimumInterval)
        settings.identity = identity
        settings.limits = limits.fetch
        settings.maximumItems = limits.feedItems
        return settings
    }
}
