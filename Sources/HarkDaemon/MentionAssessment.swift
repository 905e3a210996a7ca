import HarkAssessment
import HarkCore

/// How the daemon assesses a mention before it is committed (issue 5): the configuration's
/// brands, cues, category keywords and lexicons, and the rule that automatic mail (auto-replies, bounces) is never a complaint.
public enum MentionAssessment {
    /// Assesses one draft, and carries the service levels new complaints are given.
    public struct Assess: Sendable {
        let assess: @Sendable (MentionDraft) -> Assessment
        /// Given to every batch, for the store to set each new complaint's response due time.
        public let serviceLevels: ServiceLevelPolicy
        /// Given to every batch: the alerts and acknowledgements a new mention brings.
        var outboxRules: (any OutboxRules)?

        public func callAsFunction(_ draft: MentionDraft) -> Assessment { assess(draft) }
    }

    /// The assessment of a configuration.
    /// - Throws: ``HarkError`` when the assessment settings cannot be used.
    public static func make(_ config: HarkConfiguration) throws(HarkError) -> Assess {
        try make(config, outboxRules: nil)
    }

    /// The assessment of a configuration, with the outbox messages new mentions bring.
    static func make(_ config: HarkConfiguration, outboxRules: (any OutboxRules)?) throws(HarkError) -> Assess {
        let assess = try makeForFields(config)
        return Assess(
            assess: { draft in assess(draft.text, draft.subject, draft.title, draft.channel, draft.flags) },
            serviceLevels: config.serviceLevels, outboxRules: outboxRules)
    }

    /// Assesses a mention from its fields (text, subject, title, channel, flags): a stored one too.
    typealias AssessFields = @Sendable (String, String?, String?, Channel, [String]) -> Assessment

    static func makeForFields(_ config: HarkConfiguration) throws(HarkError) -> AssessFields {
        let assessor = try Assessor(settings: config.assessmentSettings)
        return { text, subject, title, channel, flags in
            var assessment = assessor.assess(text: text, subject: subject, title: title, channel: channel)
            if let automatic = flags.first(where: { $0 == "auto_reply" || $0 == "bounce" }) {
                // Automatic mail is not a customer speaking: kept, flagged, never a complaint.
                assessment.complaint = false
                assessment.severity = .none
                assessment.category = .none
                assessment.cues = ["automatic:\(automatic)"]
            }
            return assessment
        }
    }

    /// `batch` with every mention that has no assessment yet assessed, and the service levels.
    static func apply(_ assess: Assess?, to batch: IngestBatch) -> IngestBatch {
        guard let assess else { return batch }
        var batch = batch
        batch.serviceLevels = assess.serviceLevels
        batch.outboxRules = assess.outboxRules
        batch.items = batch.items.map { item in
            if case .mention(let draft, nil) = item { return .mention(draft, assess(draft)) }
            return item
        }
        return batch
    }
}
