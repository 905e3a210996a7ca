import Foundation
import HarkCore
import HarkServer
import HarkWebhooks

extension HarkConfiguration {
    /// Reads every secret and builds what the server runs with: verifiers, mappers and the token
    /// table. Called at start and on every reload (SIGHUP).
    /// - Throws: ``ConfigurationError`` naming each secret that cannot be read or used.
    public func serverSettings(
        environment: [String: String] = ProcessInfo.processInfo.environment, configPath: String
    ) throws(ConfigurationError) -> ServerSettings {
        var problems: [String] = []
        var settings = ServerSettings(limits: limits.server)
        settings.serviceLevels = serviceLevels
        settings.secureCookies = server.secureCookies
        settings.reachMultiplier = reachMultiplier
        for (index, token) in tokens.enumerated() {
            do {
                let value = try token.secret.load(configDirectory: directory, environment: environment)
                settings.tokens.add(token: value, caller: APICaller(name: token.name, role: token.role, brands: token.brands))
            } catch {
                problems.append("api.tokens[\(index)] (\(token.name)): \(error.message)")
            }
        }
        for (index, source) in sources.enumerated() where source.kind == .webhook {
            do {
                let secrets = try source.secrets.map { reference throws(SecretError) in
                    WebhookSecret(try reference.load(configDirectory: directory, environment: environment))
                }
                let verifier = try WebhookVerifier(
                    scheme: source.scheme, secrets: secrets, hmacOptions: source.signature, tolerance: source.tolerance,
                    deliveryHeader: source.deliveryHeader)
                settings.endpoints[source.id] = WebhookEndpoint(
                    source: source.id, verifier: verifier,
                    mapper: WebhookPayloadMapper(mapping: source.mapping),
                    contentTypes: source.contentTypes)
            } catch {
                problems.append("sources[\(index)] (\(source.id)): \(Self.problem(error))")
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(path: configPath, problems: problems) }
        return settings
    }

    /// The one-line message of an error met while reading a source's secrets and settings.
    static func problem(_ error: any Error) -> String {
        switch error {
        case let error as SecretError: error.message
        case let error as HarkError: error.message
        default: "\(error)"
        }
    }
}
