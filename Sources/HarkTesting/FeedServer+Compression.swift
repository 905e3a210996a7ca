import Foundation

extension FeedServer {
    /// A compression command failed or is missing.
    public struct CompressionError: Error, Sendable, CustomStringConvertible {
        /// What failed.
        public var message: String
        public var description: String { message }
    }

    /// Real `Content-Encoding` bodies made with the system's command-line tools (`gzip` is always
    /// there on Debian; `brotli` and `zstd` are optional, see ``isAvailable(_:)``), so tests see
    /// exactly what a server would send, with no compression library in the test target.
    public enum Compression {
        /// Whether the command `tool` (e.g. `"brotli"`, `"zstd"`) is on `PATH`.
        public static func isAvailable(_ tool: String) -> Bool { executable(tool) != nil }

        /// `data` gzip-compressed `layers` times (each layer wraps the previous one).
        public static func gzip(_ data: Data, layers: Int = 1) throws -> Data {
            var bytes = data
            for _ in 0..<max(layers, 1) {
                bytes = try run("gzip", ["-c", "-n", "-6"], input: bytes)
            }
            return bytes
        }

        /// A gzip stream that decodes to `count` zero bytes (a decompression bomb), made by streaming
        /// through `gzip` so the zeros never sit in memory.
        public static func gzipZeros(count: Int) throws -> Data {
            try zeros(count: count, through: "gzip -c -n -9")
        }

        /// `data` brotli-compressed, or `nil` when the `brotli` command is absent.
        public static func brotli(_ data: Data) throws -> Data? {
            guard isAvailable("brotli") else { return nil }
            return try run("brotli", ["-c", "-q", "9"], input: data)
        }

        /// A brotli stream of `count` zero bytes, or `nil` when `brotli` is absent.
        public static func brotliZeros(count: Int) throws -> Data? {
            guard isAvailable("brotli") else { return nil }
            return try zeros(count: count, through: "brotli -c -q 9")
        }

        /// `data` zstd-compressed, or `nil` when the `zstd` command is absent.
        public static func zstd(_ data: Data) throws -> Data? {
            guard isAvailable("zstd") else { return nil }
            return try run("zstd", ["-c", "-q", "-19"], input: data)
        }

        /// A zstd stream of `count` zero bytes, or `nil` when `zstd` is absent.
        public static func zstdZeros(count: Int) throws -> Data? {
            guard isAvailable("zstd") else { return nil }
            return try zeros(count: count, through: "zstd -c -q -19")
        }

        private static func zeros(count: Int, through command: String) throws -> Data {
            try run("sh", ["-c", "head -c \(max(count, 0)) /dev/zero | \(command)"], input: nil)
        }

        private static func executable(_ tool: String) -> String? {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(tool)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
            return nil
        }

        /// Runs `tool` with the input from a temporary file (so a large output can never deadlock
        /// against a full input pipe) and returns its standard output.
        private static func run(_ tool: String, _ arguments: [String], input: Data?) throws -> Data {
            guard let path = executable(tool) else {
                throw CompressionError(message: "\(tool) is not installed (apt-get install \(tool))")
            }
            var inputFile: URL?
            defer { inputFile.map { try? FileManager.default.removeItem(at: $0) } }
            if let input {
                let url = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "hark-compress-\(UUID().uuidString)"
                )
                try input.write(to: url)
                inputFile = url
            }
            let result = try SpawnedProcess.run(path, arguments, stdinPath: inputFile?.path ?? "/dev/null")
            guard result.status == 0 else {
                throw CompressionError(
                    message: "\(tool) \(arguments.joined(separator: " ")) exited with \(result.status)"
                )
            }
            return result.stdout
        }
    }
}
