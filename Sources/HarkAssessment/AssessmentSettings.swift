import HarkCore

/// What a cue says about a mention. Each built-in or configured cue word has one kind.
public enum CueKind: String, Sendable, CaseIterable, Codable {
    /// Dissatisfaction or a problem ("broken", "forsinket", "otrevlig").
    case negative
    /// Satisfaction or praise ("lovely", "tusen takk", "nöjd").
    case positive
    /// Turns the next cue within a few words around ("not", "ikke", "inte").
    case negator
    /// Strengthens the next cue ("very", "meget", "väldigt").
    case intensifier
    /// Leaving, cancelling, switching away ("never again", "bytter bank", "säger upp").
    case churn
    /// Public or formal escalation (consumer bodies, ombudsman, lawyer, press, reviews).
    case escalation
    /// Harm to health, safety or money beyond the purchase.
    case harm
    /// A problem repeated after an earlier complaint ("tredje gang", "still not fixed").
    case `repeat`
    /// Strong anger or insults.
    case anger
    /// Marks the sentence as being about someone else (a former supplier, the weather, a train).
    case thirdParty = "third_party"
    /// Praise of a problem that was solved ("sorted it in two days", "løste det med det samme").
    case solved
    /// A wish or feature idea without dissatisfaction ("would be nice if").
    case wish
    /// News, announcements and job ads ("said in a statement", "søger").
    case news
    /// Sarcasm that complains ("love how", "tak for ingenting").
    case sarcasm
    /// A positive word that, opening a sentence and followed by a comma, is ironic ("Great, ...").
    case ironicOpener = "ironic_opener"
    /// A turn in the sentence ("but", "men"): what follows weighs more.
    case contrast
    /// A reluctant acceptance that closes a matter ("fair enough", "helt greit").
    case concession
    /// A question word that carries dissatisfaction ("why", "hvorfor").
    case question
}

/// A brand to recognise in mentions: its canonical name, other spellings, and phrases that look like
/// it but are not about it.
public struct BrandRule: Sendable, Hashable {
    /// The canonical name reported in `Assessment.brands`.
    public var name: String
    /// Other spellings, handles (`@nordlys`) and hashtags (`#nordlys`).
    public var aliases: [String]
    /// Phrases that contain a name or alias but are not about the brand ("nordlys over").
    public var exclude: [String]

    public init(name: String, aliases: [String] = [], exclude: [String] = []) {
        self.name = name
        self.aliases = aliases
        self.exclude = exclude
    }
}

/// One deployment's assessment settings: brands, extra cues and category keywords, and optional
/// lexicon files.
///
/// Terms are matched after folding (case, diacritics, `aa` for `å`); a word ending in `*` matches any
/// word it begins; a term of several words matches them in sequence.
public struct AssessmentSettings: Sendable {
    /// The brands to recognise.
    public var brands: [BrandRule]
    /// Extra cue terms per kind, added to the built-in lists.
    public var extraCues: [CueKind: [String]]
    /// Extra keywords per category, added to the built-in lists.
    public var categoryKeywords: [Category: [String]]
    /// Paths of lexicon files (see ``LexiconFile`` for the format).
    public var lexiconFiles: [String]
    /// Whether the built-in cue and category lists are used (turn off only to test a lexicon alone).
    public var useBuiltinLexicon: Bool

    public init(
        brands: [BrandRule] = [], extraCues: [CueKind: [String]] = [:], categoryKeywords: [Category: [String]] = [:],
        lexiconFiles: [String] = [], useBuiltinLexicon: Bool = true
    ) {
        self.brands = brands
        self.extraCues = extraCues
        self.categoryKeywords = categoryKeywords
        self.lexiconFiles = lexiconFiles
        self.useBuiltinLexicon = useBuiltinLexicon
    }
}
