import Foundation
import HarkCore

/// Builders of domain values for tests.
public enum Fixtures {
    /// A webhook draft whose delivery and mention keys derive from `delivery` and `externalID`.
    public static func webhookDraft(
        source: String = "forms", delivery: String, externalID: String?, text: String, title: String? = nil,
        address: String? = nil, handle: String? = nil, body: String? = nil
    ) -> MentionDraft {
        let sourceID = SourceID(source)!
        let bytes = Data((body ?? "{\"id\":\"\(externalID ?? "")\",\"text\":\"\(text)\"}").utf8)
        let mentionKey =
            externalID.map { DedupKey.derive("webhook", source, "external", $0) }
            ?? DedupKey.derive("webhook", source, "body", DedupKey.contentDigest(bytes))
        return MentionDraft(
            channel: .webhook, source: sourceID, externalID: externalID,
            author: Author(name: "Kari", address: address, handle: handle), publishedAt: nil, subject: nil,
            title: title, text: text, link: nil, deliveryKey: DedupKey.derive("webhook", source, "delivery", delivery),
            mentionKey: mentionKey, raw: RawInput(contentType: "application/json", bytes: bytes))
    }

    /// A fresh temporary directory, removed by the caller with `FileManager.removeItem`.
    public static func temporaryDirectory(_ prefix: String = "hark-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
