import Foundation

/// Where a secret comes from: never inline in the configuration.
///
/// `*_file` names a file (a bare or relative name is looked up in `$CREDENTIALS_DIRECTORY` first,
/// where systemd's `LoadCredential=` puts it, then next to the configuration file); `*_env` names an
/// environment variable. One trailing newline is removed.
public enum SecretReference: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case environment(String)

    public var description: String {
        switch self {
        case .file(let path): return "file \(path)"
        case .environment(let name): return "environment variable \(name)"
        }
    }

    /// Reads the secret.
    /// - Throws: a message naming the file or variable (never the value).
    public func load(
        configDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SecretError) -> String {
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw SecretError(message: "environment variable \(name) is not set")
            }
            return value
        case .file(let path):
            var candidates: [String] = []
            if path.hasPrefix("/") {
                candidates = [path]
            } else {
                if let credentials = environment["CREDENTIALS_DIRECTORY"] { candidates.append("\(credentials)/\(path)") }
                candidates.append("\(configDirectory)/\(path)")
            }
            for candidate in candidates {
                guard let data = FileManager.default.contents(atPath: candidate) else { continue }
                guard data.count <= 64 * 1024, var text = String(data: data, encoding: .utf8) else {
                    throw SecretError(message: "\(candidate) is not a UTF-8 text file of at most 64 KiB")
                }
                if text.hasSuffix("\n") { text.removeLast() }
                if text.hasSuffix("\r") { text.removeLast() }
                guard !text.isEmpty else { throw SecretError(message: "\(candidate) is empty") }
                return text
            }
            throw SecretError(message: "cannot read \(candidates.joined(separator: " or "))")
        }
    }
}

/// A secret could not be read.
public struct SecretError: Error, Sendable {
    public var message: String
}
