import Foundation
import HarkCore
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// One connection made directly before the pool starts, so that a store that cannot be used says
/// why at once.
///
/// The pool retries a refused sign-in or TLS handshake quietly, as it retries a server that is not
/// up yet; on its own, a wrong password or an untrusted certificate would only show as a timeout.
/// Here a server that refuses the connection or does not answer is tried again until the open
/// timeout (a daemon may start before its database), and anything the server or the TLS handshake
/// decided (a wrong password, an unknown database, a certificate that fails verification, no TLS
/// where it is required) ends the attempt with the reason.
enum PostgresSignIn {
    static func check(_ configuration: PostgresStoreConfiguration, logger: Logger) async throws {
        let deadline = ContinuousClock.now + configuration.openTimeout
        let settings = try configuration.connectionConfiguration()
        while true {
            do {
                let connection = try await PostgresConnection.connect(configuration: settings, id: 0, logger: logger)
                try? await connection.close()
                return
            } catch {
                let reason = describe(error)
                guard isUnreachable(error), ContinuousClock.now < deadline else {
                    throw HarkError(
                        .storage, "cannot open the PostgreSQL store at \(configuration.displayName): \(reason)")
                }
                logger.info(
                    "waiting for PostgreSQL", metadata: ["hark.store": "\(configuration.displayName)", "error": "\(reason)"])
                try await Task.sleep(for: min(.seconds(1), deadline - ContinuousClock.now))
            }
        }
    }

    /// The server is down, not listening yet or out of reach: worth another try.
    static func isUnreachable(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return error is IOError || error is ChannelError }
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            return !(error.underlying is NIOSSLError || error.underlying is BoringSSLError)
        case .server:
            // Starting up or shutting down (57P03 cannot connect now, 53300 too many connections).
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("57") || state == "53300"
        default:
            return false
        }
    }

    /// What went wrong, in the server's words where it said something (PSQLError's own
    /// description is deliberately opaque); never the password, which no message carries.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        switch error.code {
        case .server:
            let message = error.serverInfo?[.message] ?? "an error"
            return "the server said: \(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
        case .sslUnsupported:
            return "the server does not offer TLS, which the TLS mode requires"
        default:
            if let tls = error.underlying as? NIOSSLError {
                let detail = String(describing: tls)
                if detail.contains("CERTIFICATE_VERIFY_FAILED") {
                    return "the server's certificate did not verify against the system's CAs or sslrootcert's (\(detail))"
                }
                return "the TLS handshake failed (\(detail))"
            }
            if let underlying = error.underlying { return "\(error.code): \(String(describing: underlying))" }
            return "\(error.code)"
        }
    }
}
