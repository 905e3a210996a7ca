import Foundation
import HarkCore

/// Turns a verified webhook body into a ``WebhookMappingOutcome``: a draft, an ignored delivery or
/// an unparsable body.
///
/// Pure: bytes and headers in, a value out. The body passes ``JSONPreflight`` (BOM stripped, UTF-8
/// checked, nesting capped) before `JSONSerialization` parses it, so hostile JSON ends as
/// `unparsable` with a stable reason, never as a crash. Decisions worth knowing:
/// - a duplicated key keeps its **last** value (what `JSONSerialization` does; the signature covers
///   the raw bytes, so there is no second parser to disagree with);
/// - a text longer than ``maximumTextBytes`` is cut at a character boundary and flagged `truncated`,
///   as are single-line fields (title, author, link) over 2,048 bytes;
/// - an empty text with a title uses the title as text; with neither, the body is `missing_text`;
/// - `published_at` is RFC 3339 with or without fractional seconds; anything else becomes `nil`.
public struct WebhookPayloadMapper: Sendable {
    /// The longest external id accepted, in UTF-8 bytes.
    public static let maximumExternalIDBytes = 1024
    /// The longest single-line field kept (title, author, link), in UTF-8 bytes.
    public static let maximumLineBytes = 2048

    /// Where the fields are found.
    public var mapping: PayloadMapping
    /// The deepest nesting accepted; the top-level object is depth 1.
    public var maximumDepth: Int
    /// The longest text kept, in UTF-8 bytes.
    public var maximumTextBytes: Int

    /// Creates a mapper.
    ///
    /// - Parameters:
    ///   - mapping: The preset or pointers; ``PayloadMapping/generic`` by default.
    ///   - maximumDepth: The nesting cap, 64 by default (`spec/reliability.md` section 4.3).
    ///   - maximumTextBytes: The text cap, 1 MiB by default (the default body limit).
    public init(mapping: PayloadMapping = .generic, maximumDepth: Int = 64, maximumTextBytes: Int = 1 << 20) {
        self.mapping = mapping
        self.maximumDepth = max(1, maximumDepth)
        self.maximumTextBytes = max(1, maximumTextBytes)
    }

    /// The delivery key of a request: from the sender's delivery id when there is one, else from
    /// the body's SHA-256, which is returned either way (to tell "same id, different body" apart).
    public static func deliveryKey(
        source: SourceID,
        deliveryID: String?,
        body: Data
    ) -> (key: DedupKey, bodyDigest: String) {
        let digest = DedupKey.contentDigest(body)
        if let deliveryID {
            return (DedupKey.derive("webhook", source.rawValue, "delivery", deliveryID), digest)
        }
        return (DedupKey.derive("webhook", source.rawValue, "body", digest), digest)
    }

    /// Maps one body.
    ///
    /// - Parameters:
    ///   - body: The raw body (after content decoding), kept as the draft's raw input.
    ///   - headers: The request headers (the GitHub and Discourse presets read their event headers).
    ///   - source: The configured source.
    ///   - deliveryKey: From ``deliveryKey(source:deliveryID:body:)``.
    ///   - contentType: The request's `Content-Type`, kept with the raw input.
    public func map(
        body: Data,
        headers: WebhookHeaders,
        source: SourceID,
        deliveryKey: DedupKey,
        contentType: String?
    ) -> WebhookMappingOutcome {
        let object: [String: Any]
        switch parse(body) {
        case .failure(let failure): return failure.outcome
        case .success(let parsed): object = parsed
        }
        let extraction: FieldExtraction
        switch mapping {
        case .generic: extraction = PayloadMapping.extractGeneric(object)
        case .github: extraction = PayloadMapping.extractGitHub(object, headers: headers)
        case .discourse: extraction = PayloadMapping.extractDiscourse(object, headers: headers)
        case .pointers(let pointers): extraction = PayloadMapping.extractPointers(pointers, object)
        }
        switch extraction {
        case .ignored(let reason):
            return .ignored(reason)
        case .unparsable(let reason, let detail):
            return .unparsable(reason: reason, detail: detail)
        case .fields(let fields):
            return draft(
                from: fields,
                body: body,
                source: source,
                deliveryKey: deliveryKey,
                contentType: contentType
            )
        }
    }

    /// Preflight and `JSONSerialization`; the top level must be an object.
    private func parse(_ body: Data) -> Result<[String: Any], UnparsableBody> {
        let json: Data
        switch JSONPreflight.check(body, maximumDepth: maximumDepth) {
        case .success(let checked):
            json = checked
        case .failure(.empty):
            return .failure(UnparsableBody(UnparsableReason.malformedJSON, "the body is empty"))
        case .failure(.invalidUTF8(let offset)):
            return .failure(UnparsableBody(UnparsableReason.invalidUTF8, "invalid UTF-8 at byte \(offset)"))
        case .failure(.tooDeep(let offset)):
            return .failure(
                UnparsableBody(UnparsableReason.tooDeep, "nesting deeper than \(maximumDepth) at byte \(offset)")
            )
        }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        } catch {
            return .failure(UnparsableBody(UnparsableReason.malformedJSON, Self.describe(error)))
        }
        guard let object = value as? [String: Any] else {
            return .failure(UnparsableBody(UnparsableReason.notAnObject, "the top level is not a JSON object"))
        }
        return .success(object)
    }

    /// The parser's complaint without the body: only the character position it names, if any.
    private static func describe(_ error: any Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
        guard let range = text.range(of: "character ") else { return "the body is not valid JSON" }
        let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? "the body is not valid JSON" : "the body is not valid JSON (near character \(digits))"
    }
}

/// An `unparsable` outcome carried through a `Result`.
private struct UnparsableBody: Error {
    let outcome: WebhookMappingOutcome

    init(_ reason: String, _ detail: String) {
        outcome = .unparsable(reason: reason, detail: detail)
    }
}
