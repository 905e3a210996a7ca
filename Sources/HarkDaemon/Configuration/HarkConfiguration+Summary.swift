import Foundation
import HarkFeeds
import HarkServer
import HarkStoreSQLite
import HarkWebhooks

extension HarkConfiguration {
    /// What `hark check-config` prints: one line per setting that matters, never a secret.
    public func summary(settings: ServerSettings) -> [String] {
        var lines = [
            "listen:      \(server.listen)",
            "hooks:       \(server.hooksListen.map { "\($0)" } ?? "on listen")",
            "store:       sqlite \(storage.sqlitePath) (synchronous=\(storage.synchronous.rawValue))",
            "raw input:   kept \(storage.rawRetentionDays) days",
            "tokens:      \(settings.tokens.count)",
            "brands:      \(brands.map(\.name).joined(separator: ", "))",
        ]
        for source in sources {
            var line = "source \(source.id): \(source.kind.rawValue)"
            if source.kind == .webhook {
                line += " scheme=\(source.scheme.rawValue) secrets=\(source.secrets.count) mapping=\(source.mapping.name)"
                if source.scheme == .none { line += " (WARNING: unsigned; allowed on loopback only)" }
            } else if source.kind == .feed, let url = source.url {
                line += " url=\(url) interval=\(source.interval ?? .seconds(900)) identity=\(source.identity.rawValue)"
            } else if source.kind == .imap, let url = source.url {
                let parsed = URL(string: url)
                let host = parsed?.host ?? "?"
                let port = parsed?.port.map { ":\($0)" } ?? ""
                var after = "nothing"
                if let move = source.moveTo { after = "move to \(move)" } else if source.markSeen { after = "mark seen" }
                line += " server=\(parsed?.scheme ?? "?")://\(host)\(port) folders=\(source.effectiveFolders.joined(separator: ","))"
                line += " auth=\(source.token == nil ? "password" : "xoauth2") interval=\(source.interval ?? .seconds(60))"
                line += " after_commit=\(after)"
            }
            lines.append(line)
        }
        return lines
    }
}
