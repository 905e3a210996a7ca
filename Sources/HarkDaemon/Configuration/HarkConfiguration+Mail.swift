import Foundation
import HarkCore
import HarkCurl
import HarkMail
import Yams

extension HarkConfiguration.Source {
    /// Reads and checks the keys of an `imap` source (after ``readPolled(_:at:_:)``).
    mutating func readMail(_ map: [String: Node], at path: String, _ reader: ConfigReader) {
        let parsed = url.flatMap { URL(string: $0) }
        let scheme = parsed?.scheme?.lowercased()
        if url != nil, scheme != "imap", scheme != "imaps" {
            reader.problem("\(path).url", "an IMAP source's URL is imaps://host[:port]/FOLDER (or imap:// with STARTTLS)")
        }
        if url != nil, (parsed?.host ?? "").isEmpty { reader.problem("\(path).url", "names no host") }
        if username == nil { reader.problem("\(path).username", "is required for an IMAP source") }
        if map["token_file"] != nil || map["token_env"] != nil {
            token = HarkConfiguration.secret(map, prefix: "token", at: path, reader)
            if password != nil { reader.problem(path, "give a password or an XOAUTH2 token, not both") }
        } else if map["password_file"] == nil, map["password_env"] == nil {
            reader.problem(path, "an IMAP source needs password_file, password_env, token_file or token_env")
        }
        if let list = map["folders"] {
            folders = reader.strings(list, at: "\(path).folders")
            if folders.isEmpty { reader.problem("\(path).folders", "must name at least one folder") }
        } else if let parsed, !parsed.path.isEmpty, parsed.path != "/" {
            folders = [String(parsed.path.dropFirst()).removingPercentEncoding ?? String(parsed.path.dropFirst())]
        }
        for (index, folder) in folders.enumerated() {
            do {
                _ = try IMAPMailboxName(folder)
            } catch {
                reader.problem("\(path).folders[\(index)]", error.message)
            }
        }
        if Set(folders.map { $0.uppercased() == "INBOX" ? "INBOX" : $0 }).count != folders.count {
            reader.problem("\(path).folders", "names a folder twice")
        }
        tls = reader.oneOf(map["tls"], at: "\(path).tls", HarkConfiguration.MailTransportSecurity.self)
        if tls == HarkConfiguration.MailTransportSecurity.none, let host = parsed?.host, !Self.isLoopback(host) {
            reader.problem("\(path).tls", "none sends the password in clear; it is allowed only for a loopback address")
        }
        if scheme == "imaps", tls != nil, tls != .tls {
            reader.problem("\(path).tls", "imaps:// is TLS from the first byte; use imap:// for \(tls?.rawValue ?? "")")
        }
        caFile = reader.string(map["ca_file"], at: "\(path).ca_file")
        markSeen = reader.bool(map["mark_seen"], at: "\(path).mark_seen") ?? false
        moveTo = reader.string(map["move_to"], at: "\(path).move_to")
        if let moveTo {
            do {
                _ = try IMAPMailboxName(moveTo)
            } catch {
                reader.problem("\(path).move_to", error.message)
            }
            if markSeen { reader.problem("\(path).move_to", "give mark_seen or move_to, not both") }
            if effectiveFolders.contains(moveTo) { reader.problem("\(path).move_to", "is one of the folders read") }
        }
    }

    /// Whether `host` is `localhost` or a loopback address.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare.lowercased() == "localhost" { return true }
        return IPAddress(bare).map { AddressPolicy.specialRange(of: $0) == "loopback" } ?? false
    }

    /// The folders read: `folders`, else the URL's path, else `INBOX`.
    public var effectiveFolders: [String] { folders.isEmpty ? ["INBOX"] : folders }

    /// The mail source's settings, with its secret read.
    /// - Throws: ``SecretError`` when the password or token cannot be read; ``HarkError`` for
    ///   anything else that cannot be used.
    func mailSettings(
        _ config: HarkConfiguration, environment: [String: String]
    ) throws -> MailSourceSettings? {
        guard kind == .imap, let url, let parsed = URL(string: url), let host = parsed.host, let username else {
            return nil
        }
        let authentication: IMAPConfiguration.Authentication
        if let token {
            authentication = .xoauth2(user: username, token: try token.load(configDirectory: config.directory, environment: environment))
        } else if let password {
            authentication = .password(
                user: username, password: try password.load(configDirectory: config.directory, environment: environment))
        } else {
            throw HarkError(.invalidConfiguration, "no password or token")
        }
        let security: IMAPConfiguration.Security
        switch tls ?? (parsed.scheme?.lowercased() == "imaps" ? .tls : .starttls) {
        case .tls: security = .tls
        case .starttls: security = .startTLS
        case .none: security = .none
        }
        let policy: AddressPolicy
        do {
            policy = try AddressPolicy(allowing: config.allowCIDRs)
        } catch {
            throw HarkError(.invalidConfiguration, "network.allow_cidrs: \(error)")
        }
        var limits = IMAPLimits()
        limits.maximumLiteralSize = config.limits.mailMessageBytes
        limits.maximumResponseBytes = max(limits.maximumResponseBytes, config.limits.mailMessageBytes + (1 << 20))
        limits.maximumBatchBytes = config.limits.mailBatchBytes
        var caPath = caFile
        if let file = caFile, !file.hasPrefix("/") { caPath = "\(config.directory)/\(file)" }
        let connection = IMAPConfiguration(
            host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: parsed.port, security: security,
            authentication: authentication, certificateAuthorities: caPath, addressPolicy: policy, limits: limits)
        let names = try effectiveFolders.map { name throws(IMAPError) in try IMAPMailboxName(name) }
        var settings = MailSourceSettings(id: id, connection: connection, folders: names)
        if let moveTo {
            settings.afterCommit = .move(to: try IMAPMailboxName(moveTo))
        } else if markSeen {
            settings.afterCommit = .markSeen
        }
        settings.interval = interval ?? .seconds(60)
        settings.batchSize = config.limits.mailBatchMessages
        return settings
    }
}

extension HarkConfiguration {
    /// The settings of every mail source, secrets read.
    /// - Throws: ``ConfigurationError`` naming each source whose secret cannot be read.
    public func mailSettings(
        environment: [String: String] = ProcessInfo.processInfo.environment, configPath: String
    ) throws(ConfigurationError) -> [MailSourceSettings] {
        var problems: [String] = []
        var result: [MailSourceSettings] = []
        for (index, source) in sources.enumerated() where source.kind == .imap {
            do {
                if let settings = try source.mailSettings(self, environment: environment) { result.append(settings) }
            } catch let error as IMAPError {
                problems.append("sources[\(index)] (\(source.id)): \(error.message)")
            } catch {
                problems.append("sources[\(index)] (\(source.id)): \(Self.problem(error))")
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(path: configPath, problems: problems) }
        return result
    }
}
