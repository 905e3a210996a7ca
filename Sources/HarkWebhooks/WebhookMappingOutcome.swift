import HarkCore

/// What ``WebhookPayloadMapper`` made of one body.
public enum WebhookMappingOutcome: Sendable, Hashable {
    /// A mention to store.
    case draft(MentionDraft)
    /// A well-formed delivery that carries no mention (a ping, an unmapped event, a deletion); the
    /// reason says which. The sender may be acknowledged without storing anything.
    case ignored(String)
    /// A body that cannot be made into a mention; it is quarantined with its raw bytes.
    ///
    /// `reason` is a stable code (see ``UnparsableReason``); `detail` is a sentence for people that
    /// names positions and fields but never quotes the body.
    case unparsable(reason: String, detail: String)
}

/// The stable `reason` codes of ``WebhookMappingOutcome/unparsable(reason:detail:)``.
public enum UnparsableReason: Sendable {
    /// The body is empty or not JSON (also: numbers out of range, `NaN`, escaped lone surrogates).
    public static let malformedJSON = "malformed_json"
    /// The body nests deeper than the mapper's depth cap.
    public static let tooDeep = "too_deep"
    /// The top level is not a JSON object.
    public static let notAnObject = "not_an_object"
    /// Neither a text nor a title was found, or both are empty after clean-up.
    public static let missingText = "missing_text"
    /// The body is not valid UTF-8.
    public static let invalidUTF8 = "invalid_utf8"
    /// The external id is a boolean, object or array, or longer than 1,024 bytes.
    public static let invalidExternalID = "invalid_external_id"
    /// A preset's required object or field is absent (e.g. an `issues` event without `issue`).
    public static let missingField = "missing_field"
    /// A preset needs an event header that is absent (`X-GitHub-Event`).
    public static let missingEvent = "missing_event"
}
