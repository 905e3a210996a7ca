import Foundation

/// Paths into `../shared/corpora/mail` (present in CI, absent elsewhere: tests skip with a note).
enum MailCorpus {
    /// `/work/main/Tests/HarkTests/X.swift` -> `/work/shared/corpora/mail`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../../shared/corpora/mail")
        .standardizedFileURL

    /// A folder of the corpus, or `nil` (with a printed note) when it is absent.
    static func folder(_ relative: String) -> URL? {
        let url = root.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            print("note: \(url.path) is absent; mail conformance skipped")
            return nil
        }
        return url
    }

    static func bytes(_ url: URL) -> [UInt8]? {
        FileManager.default.contents(atPath: url.path).map { [UInt8]($0) }
    }

    /// Files under `folder` (recursively) whose names end with `suffix`, sorted.
    static func files(in folder: URL, suffix: String) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        var found: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.lastPathComponent.hasSuffix(suffix) { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// `numerator / denominator` as a percentage with one decimal.
    static func percent(_ numerator: Int, _ denominator: Int) -> String {
        String(format: "%.1f%%", denominator == 0 ? 100 : Double(numerator) * 100 / Double(denominator))
    }

    /// White space collapsed to single spaces and trimmed, for comparing texts laid out differently.
    static func squeezed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{FEFF}" }).joined(separator: " ")
    }
}
