import Foundation
import HarkCore
import NIOSSL
import PostgresNIO

/// Where the PostgreSQL store is and how to reach it (`storage.postgres` in the configuration).
public struct PostgresStoreConfiguration: Sendable, Hashable {
    /// How the connection is protected, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP (loopback or a private network only).
        case disable
        /// TLS when the server offers it, without checking its certificate.
        case prefer
        /// TLS always, without checking the certificate (libpq's `require`).
        case require
        /// TLS always, the certificate checked against the system's roots (or ``rootCertificateFile``)
        /// and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    /// A directory holding the server's Unix socket, instead of `host` and `port`.
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// PEM certificates of the authorities `verify-full` trusts instead of the system's (the URL's
    /// `sslrootcert`, as libpq names it): a database with a certificate of a private CA.
    public var rootCertificateFile: String?
    /// The most connections one instance opens.
    public var poolSize: Int
    /// How long opening the store waits for the server before giving up.
    public var openTimeout: Duration = .seconds(30)

    public init(
        host: String, port: Int = 5432, socketDirectory: String? = nil, username: String, password: String? = nil,
        database: String, tls: TLSMode = .prefer, poolSize: Int = 8
    ) {
        self.host = host
        self.port = port
        self.socketDirectory = socketDirectory
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.poolSize = poolSize
    }

    /// Reads a `postgres://user[:password]@host[:port]/database[?sslmode=...&sslrootcert=/ca.pem&host=/socket/dir]`
    /// URL.
    /// A password given separately (from a file or the environment) wins over one in the URL;
    /// `tls` wins over the URL's `sslmode`.
    /// - Throws: ``HarkError`` `.invalidConfiguration` saying what is wrong (never echoing a password).
    public init(url: String, password: String? = nil, tls: TLSMode? = nil, poolSize: Int = 8) throws(HarkError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw HarkError(.invalidConfiguration, "the PostgreSQL URL must look like postgres://user@host:5432/database")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name.lowercased(), $0.value ?? "") }, uniquingKeysWith: { $1 })
        let database = String(components.percentEncodedPath.dropFirst()).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else {
            throw HarkError(.invalidConfiguration, "the PostgreSQL URL names no database (postgres://user@host/DATABASE)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw HarkError(.invalidConfiguration, "the PostgreSQL URL names no user (postgres://USER@host/database)")
        }
        var mode = tls
        if mode == nil, let sslmode = query["sslmode"] {
            guard let parsed = TLSMode(rawValue: sslmode) else {
                throw HarkError(
                    .invalidConfiguration,
                    "sslmode \(sslmode.prefix(40)) is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            mode = parsed
        }
        let socket = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        guard let host = components.host.flatMap({ $0.isEmpty ? nil : $0 }) ?? (socket == nil ? nil : "localhost") else {
            throw HarkError(.invalidConfiguration, "the PostgreSQL URL names no host")
        }
        guard (1...1000).contains(poolSize) else {
            throw HarkError(.invalidConfiguration, "pool_size must be 1 to 1000")
        }
        let rootCertificate = query["sslrootcert"].flatMap { $0.isEmpty ? nil : $0 }
        if let rootCertificate {
            guard rootCertificate.hasPrefix("/") else {
                throw HarkError(.invalidConfiguration, "sslrootcert must be an absolute path to a PEM file")
            }
            guard (mode ?? .prefer) == .verifyFull else {
                throw HarkError(.invalidConfiguration, "sslrootcert is only used with sslmode=verify-full (tls: verify-full)")
            }
        }
        self.init(
            host: host, port: components.port ?? 5432, socketDirectory: socket, username: user,
            password: password ?? components.password, database: database, tls: mode ?? .prefer, poolSize: poolSize)
        self.rootCertificateFile = rootCertificate
    }

    /// The server and database, for messages (no password).
    public var displayName: String {
        socketDirectory.map { "\($0)/\(database)" } ?? "\(host):\(port)/\(database)"
    }

    func clientConfiguration() throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration =
            if let socketDirectory {
                .init(unixSocketPath: socketPath(in: socketDirectory), username: username, password: password, database: database)
            } else {
                .init(
                    host: host, port: port, username: username, password: password, database: database,
                    tls: try tlsSettings().map { $0.optional ? .prefer($0.configuration) : .require($0.configuration) }
                        ?? .disable)
            }
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = 0
        configuration.options.additionalStartupParameters = [("application_name", "hark")]
        return configuration
    }

    /// The same settings for one connection made outside the pool (``PostgresSignIn``).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration =
            if let socketDirectory {
                .init(unixSocketPath: socketPath(in: socketDirectory), username: username, password: password, database: database)
            } else {
                .init(
                    host: host, port: port, username: username, password: password, database: database,
                    tls: try tlsSettings().map { settings in
                        let context = try NIOSSLContext(configuration: settings.configuration)
                        return settings.optional ? .prefer(context) : .require(context)
                    } ?? .disable)
            }
        configuration.options.additionalStartupParameters = [("application_name", "hark")]
        return configuration
    }

    private func socketPath(in directory: String) -> String { "\(directory)/.s.PGSQL.\(port)" }

    /// The TLS settings of ``tls``: whether TLS is optional and how the certificate is checked;
    /// `nil` for `disable`.
    private func tlsSettings() throws -> TLSSettings? {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        switch tls {
        case .disable:
            return nil
        case .prefer:
            return TLSSettings(optional: true, configuration: unverified)
        case .require:
            return TLSSettings(optional: false, configuration: unverified)
        case .verifyFull:
            var verified = TLSConfiguration.makeClientConfiguration()
            verified.certificateVerification = .fullVerification
            if let rootCertificateFile {
                guard FileManager.default.isReadableFile(atPath: rootCertificateFile) else {
                    throw HarkError(.invalidConfiguration, "sslrootcert \(rootCertificateFile) cannot be read")
                }
                verified.trustRoots = .file(rootCertificateFile)
            }
            return TLSSettings(optional: false, configuration: verified)
        }
    }
}

/// Whether TLS is optional (`prefer`) and the client's TLS configuration.
private struct TLSSettings {
    var optional: Bool
    var configuration: TLSConfiguration
}
