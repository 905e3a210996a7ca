import Foundation
import HarkCore
import HarkTesting
import HarkWebhooks

/// A daemon with the standard test configuration and helpers to sign and send webhooks.
struct TestDaemon: Sendable {
    static let formsSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let tokens = ["ops": "hark_ops_token_1", "kari": "hark_kari_token_2", "mkt": "hark_mkt_token_3"]

    static func config(extraSources: String = "", limits: String = "webhook_rate_per_source: 0, webhook_rate_per_address: 0")
        -> String
    {
        """
        server: { listen: "127.0.0.1:{{PORT}}" }
        storage: { sqlite: { path: "{{DB}}" }, disk_reserve_mib: 0 }
        api:
          tokens:
            - { name: "ops", role: "admin", token_file: "ops" }
            - { name: "kari", role: "support", token_file: "kari", brands: ["Nordlys Energi"] }
            - { name: "mkt", role: "marketing", token_file: "mkt" }
        sources:
          - { id: "forms", kind: "webhook", scheme: "standard-webhooks", secret_file: "forms" }
          - { id: "gh", kind: "webhook", scheme: "github", secrets: [{ file: "gh-old" }, { file: "gh-new" }], mapping: "github" }
          - { id: "open", kind: "webhook", scheme: "none" }
        \(extraSources)
        limits: { \(limits) }
        """
    }

    let daemon: DaemonProcess

    init(config: String = TestDaemon.config(), environment: [String: String] = [:]) throws {
        var credentials = ["forms": Self.formsSecret, "gh-old": "old-github-secret", "gh-new": "new-github-secret"]
        for (name, token) in Self.tokens { credentials[name] = token }
        daemon = try DaemonProcess(config: config, credentials: credentials, environment: environment)
    }

    func start(environment: [String: String] = [:]) async throws {
        try await daemon.start(environment: environment)
    }

    /// A generic-mapping body.
    static func body(id: String, text: String, address: String? = nil) -> Data {
        var object: [String: Any] = ["id": id, "text": text, "title": "Title \(id)"]
        if let address { object["author"] = ["name": "Kari", "email": address] }
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Headers signed for the `forms` source (Standard Webhooks).
    static func formsHeaders(body: Data, deliveryID: String, timestamp: Date = Date()) -> [String: String] {
        let pairs = try! WebhookSigner.headers(
            scheme: .standardWebhooks, secret: WebhookSecret(formsSecret), body: body,
            timestamp: Int64(timestamp.timeIntervalSince1970), deliveryID: deliveryID)
        var headers = Dictionary(pairs, uniquingKeysWith: { $1 })
        headers["Content-Type"] = "application/json"
        return headers
    }

    func postForms(_ body: Data, deliveryID: String, timestamp: Date = Date(), extra: [String: String] = [:])
        async throws -> HTTPResult
    {
        var headers = Self.formsHeaders(body: body, deliveryID: deliveryID, timestamp: timestamp)
        for (key, value) in extra { headers[key] = value }
        return try await daemon.request("POST", "/hooks/forms", headers: headers, body: body)
    }

    func api(_ method: String, _ path: String, token: String? = "ops", body: Data? = nil) async throws -> HTTPResult {
        var headers: [String: String] = [:]
        if let token { headers["Authorization"] = "Bearer \(Self.tokens[token] ?? token)" }
        if body != nil { headers["Content-Type"] = "application/json" }
        return try await daemon.request(method, path, headers: headers, body: body)
    }

    /// How many mentions the store holds, through the CLI beside the running daemon.
    func mentionCount() throws -> Int {
        let result = try daemon.command(["export", "--format", "jsonl", "--config", daemon.configPath])
        return result.stdout.split(separator: "\n").count
    }
}
