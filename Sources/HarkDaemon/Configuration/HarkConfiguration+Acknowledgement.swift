import Foundation
import HarkCore
import HarkMail
import Yams

/// `acknowledge:` of an IMAP source: the automatic acknowledgement mail, sent over SMTP (opt-in).
///
/// ```yaml
/// - id: "support"
///   kind: "imap"
///   ...
///   acknowledge:
///     smtp: "smtp://smtp.example.com:587"        # STARTTLS required; smtps:// for TLS from the start
///     username: "support@example.com"             # optional, with password_file / password_env
///     password_file: "smtp-support"
///     from: "support@example.com"
///     from_name: "Nordlys Kundeservice"
///     brand: "Nordlys Energi"                     # {brand} in the templates
///     complaints_only: true                       # the default: only complaints are acknowledged
///     templates:                                  # optional; over the built-in en, da, no, sv texts
///       da: { subject: "Vi har modtaget din besked: {subject}", body: "Hej {name} ... {reference}" }
/// ```
extension HarkConfiguration {
    /// The acknowledgement settings of one mail source.
    public struct Acknowledge: Sendable {
        public var smtpURL: String
        public var username: String?
        public var password: SecretReference?
        /// `tls: "none"` (loopback only) sends without STARTTLS.
        public var requireTLS = true
        public var caFile: String?
        public var from: String
        public var fromName: String?
        public var brand: String
        public var complaintsOnly = true
        public var templates: [String: AcknowledgementTemplate] = [:]
    }

    static let acknowledgeKeys: Set<String> = [
        "smtp", "username", "password_file", "password_env", "tls", "ca_file", "from", "from_name", "brand",
        "complaints_only", "templates",
    ]
}

extension HarkConfiguration.Source {
    mutating func readAcknowledge(_ node: Node?, at path: String, _ reader: ConfigReader) {
        guard node != nil else { return }
        let path = "\(path).acknowledge"
        guard let map = reader.mapping(node, at: path, known: HarkConfiguration.acknowledgeKeys) else { return }
        let smtp = reader.string(map["smtp"], at: "\(path).smtp", required: true)
        let parsed = smtp.flatMap { URL(string: $0) }
        let scheme = parsed?.scheme?.lowercased()
        if smtp != nil, scheme != "smtp" && scheme != "smtps" || (parsed?.host ?? "").isEmpty {
            reader.problem("\(path).smtp", "expected smtp://host[:port] (STARTTLS) or smtps://host[:port]")
        }
        let from = reader.string(map["from"], at: "\(path).from", required: true)
        if let from, !AcknowledgementPolicy.isPlainAddress(from) {
            reader.problem("\(path).from", "expected a plain address such as support@example.com")
        }
        var requireTLS = true
        if let tls = reader.string(map["tls"], at: "\(path).tls") {
            switch tls {
            case "required": requireTLS = true
            case "none":
                requireTLS = false
                if let host = parsed?.host, !Self.isLoopback(host) {
                    reader.problem("\(path).tls", "none sends mail in clear; it is allowed only for a loopback server")
                }
            default: reader.problem("\(path).tls", "expected required or none")
            }
        }
        var password: SecretReference?
        if map["password_file"] != nil || map["password_env"] != nil {
            password = HarkConfiguration.secret(map, prefix: "password", at: path, reader)
        }
        let username = reader.string(map["username"], at: "\(path).username")
        if password != nil, username == nil { reader.problem("\(path).username", "is required with a password") }
        var templates: [String: AcknowledgementTemplate] = [:]
        if let list = reader.mapping(map["templates"], at: "\(path).templates", known: ["en", "da", "no", "sv"]) {
            for (language, node) in list {
                let at = "\(path).templates.\(language)"
                guard let fields = reader.mapping(node, at: at, known: ["subject", "body"]),
                    let subject = reader.string(fields["subject"], at: "\(at).subject", required: true),
                    let body = reader.string(fields["body"], at: "\(at).body", required: true)
                else { continue }
                templates[language] = AcknowledgementTemplate(subject: subject, body: body)
            }
            for problem in AcknowledgementTemplates.problems(in: templates) {
                reader.problem("\(path).templates.\(problem.language).\(problem.field)", problem.message)
            }
        }
        guard let smtp, let from else { return }
        acknowledge = HarkConfiguration.Acknowledge(
            smtpURL: smtp, username: username, password: password, requireTLS: requireTLS,
            caFile: reader.string(map["ca_file"], at: "\(path).ca_file"), from: from,
            fromName: reader.string(map["from_name"], at: "\(path).from_name"),
            brand: reader.string(map["brand"], at: "\(path).brand") ?? from,
            complaintsOnly: reader.bool(map["complaints_only"], at: "\(path).complaints_only") ?? true,
            templates: templates)
    }
}
