/// How upset a complaining customer is (see `spec/complaint-taxonomy.md`).
public enum Severity: String, Codable, Sendable, CaseIterable {
    /// Not a complaint.
    case none
    /// A complaint in moderate terms: answered in writing.
    case dissatisfied
    /// Anger, leaving, escalation, harm or a repeated problem: answered personally and fast.
    case veryDissatisfied = "very_dissatisfied"
}

/// What a complaint is about (see `spec/complaint-taxonomy.md`).
public enum Category: String, Codable, Sendable, CaseIterable {
    case none, product, service, delivery, billing, process, digital, other
}

/// The assessor's verdict on one mention.
public struct Assessment: Hashable, Sendable, Codable {
    /// ISO 639-1 code (`en`, `da`, `no`, `sv`) or `und`.
    public var language: String
    public var complaint: Bool
    public var severity: Severity
    public var category: Category
    /// Canonical names of the brands the mention is about.
    public var brands: [String]
    /// The words or phrases that decided the assessment.
    public var cues: [String]

    public init(
        language: String, complaint: Bool, severity: Severity, category: Category, brands: [String] = [],
        cues: [String] = []
    ) {
        self.language = language
        self.complaint = complaint
        self.severity = severity
        self.category = category
        self.brands = brands.compactMap(TextCleanup.singleLine)
        self.cues = cues.compactMap(TextCleanup.singleLine)
    }
}
