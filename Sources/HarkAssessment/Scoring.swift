/// Weighs the cues found in one mention: negation, intensifiers, third parties, turns ("but"),
/// sarcasm and questions, then sums the evidence for and against a complaint.
struct Scoring {
    /// One cue found in the text, with what it now counts for.
    struct Hit {
        var kind: CueKind
        var weight: Double
        var start: Int
        var end: Int
        var sentence: Int32
        var clause: Int32
        var label: String
        /// Evidence for a complaint (> 0) or against it (< 0); 0 for cues that only act on others.
        var evidence: Double = 0
        /// The label shown in `cues`, when it differs from `kind:label`.
        var shown: String? = nil
        /// A strong cue (churn, escalation, harm, repeat, anger) still in force.
        var strong = false
        /// Already turned by a negator.
        var negated = false
    }

    static let negationWindow = 5
    static let strongKinds: Set<CueKind> = [.churn, .escalation, .harm, .repeat, .anger]

    let text: TokenizedText
    let lexicon: Lexicon
    private(set) var hits: [Hit] = []
    private(set) var negative = 0.0
    private(set) var positive = 0.0

    init(text: TokenizedText, lexicon: Lexicon) {
        self.text = text
        self.lexicon = lexicon
    }

    var isComplaint: Bool { negative >= 1.2 && negative - positive >= 0.6 }

    /// Whether a strong cue is in force: very dissatisfied.
    var isStrong: Bool { hits.contains { $0.strong && $0.evidence >= 1.5 } }

    mutating func run() {
        collect()
        applyNegation()
        applyIntensifiers()
        addPunctuationCues()
        applySarcasm()
        applyThirdParty()
        applyContrast()
        applyQuestions()
        applyHarmInPraise()
        negative = 0
        positive = 0
        for hit in hits {
            if hit.evidence > 0 { negative += hit.evidence } else { positive -= hit.evidence }
        }
    }

    private mutating func collect() {
        for match in lexicon.matches(in: text) {
            let pattern = lexicon.patterns[Int(match.pattern)]
            guard case .cue(let kind) = pattern.kind else { continue }
            let token = text.tokens[Int(match.start)]
            var hit = Hit(
                kind: kind, weight: pattern.weight, start: Int(match.start), end: Int(match.end),
                sentence: token.sentence, clause: token.clause, label: pattern.label)
            switch kind {
            case .negative, .question: hit.evidence = pattern.weight
            case .positive, .solved, .wish, .news, .concession: hit.evidence = -pattern.weight
            case .churn, .escalation, .harm, .repeat, .anger:
                hit.evidence = pattern.weight
                hit.strong = true
            case .sarcasm: hit.evidence = pattern.weight
            case .ironicOpener:
                hit.evidence = -0.8
                hit.shown = "positive:\(pattern.label)"
            case .negator, .intensifier, .thirdParty, .contrast: hit.evidence = 0
            }
            // A positive word in scare quotes ("free", "premium") complains.
            if kind == .positive && pattern.weight > 0 && text.tokens[Int(match.start)].flags.contains(.quoted) {
                hit.evidence = pattern.weight
                hit.shown = "sarcasm:\"\(hit.label)\""
            }
            hits.append(hit)
        }
    }

    /// "not bad", "ikke dårlig", "inte alls dålig": a negator turns the nearest sentiment cue after it,
    /// within a few words of the same clause.
    private mutating func applyNegation() {
        for index in hits.indices where hits[index].kind == .negator {
            let negator = hits[index]
            // "ikke noget", "not never": a second negator right after the first repeats it.
            if index > 0, hits[index - 1].kind == .negator, negator.start - hits[index - 1].end <= 1 { continue }
            var target = index + 1
            while target < hits.count {
                let hit = hits[target]
                if hit.clause != negator.clause || hit.start - negator.end >= Self.negationWindow { break }
                if hit.kind == .negative || hit.kind == .positive || hit.kind == .concession { break }
                target += 1
            }
            guard target < hits.count else { continue }
            let hit = hits[target]
            guard hit.clause == negator.clause, hit.start - negator.end < Self.negationWindow, hit.weight > 0 else {
                continue
            }
            guard hit.kind == .negative || hit.kind == .positive || hit.kind == .concession, !hit.negated else {
                continue
            }
            // Weak topical words ("refund", "again") are not sentiment: "unless you refund" is no praise.
            if hit.kind == .negative && hit.weight < 1 { continue }
            // A cue that carries its own negation ("not what I expected") is not turned again.
            if lexicon.isNegator(text.tokens[hit.start].hash) { continue }
            hits[target].negated = true
            hits[target].evidence = hit.evidence > 0 ? -hit.weight * 0.8 : max(hit.weight, 1.3)
            hits[target].shown = "negation:\(negator.label) \(hit.label)"
        }
    }

    /// "very rude", "meget dårlig": the next cue within two words weighs half again.
    private mutating func applyIntensifiers() {
        for index in hits.indices where hits[index].kind == .intensifier {
            let end = hits[index].end
            if index + 1 < hits.count, hits[index + 1].start - end < 2, hits[index + 1].clause == hits[index].clause {
                hits[index + 1].evidence *= 1.5
            }
        }
    }

    /// Cues in the punctuation: an insistent question (`??`, `?!`) and a single word in scare quotes
    /// ("my parcel was 'delivered'"), both signs of a customer who doubts what they were told.
    private mutating func addPunctuationCues() {
        if text.insistentQuestions > 0 {
            hits.append(
                Hit(kind: .negative, weight: 1, start: Int.max, end: Int.max, sentence: -1, clause: -1, label: "??",
                    evidence: 1))
        }
        var quoted = 0
        for index in text.tokens.indices where text.tokens[index].flags.contains(.scareQuoted) {
            // A cue inside the quotes was already weighed (a positive word in quotes complains).
            if hits.contains(where: { $0.start <= index && index < $0.end }) { continue }
            quoted += 1
            if quoted > 2 { break }
            let token = text.tokens[index]
            let word = String(decoding: text.word(index), as: UTF8.self)
            hits.append(
                Hit(kind: .negative, weight: 0.8, start: index, end: index + 1, sentence: token.sentence,
                    clause: token.clause, label: word, evidence: 0.8, shown: "sarcasm:'\(word)'"))
        }
    }

    /// Harm words in a text that praises and complains of nothing else ("thanks to the nurses at the
    /// hospital") tell of help, not of harm done.
    private mutating func applyHarmInPraise() {
        let praise = hits.reduce(0.0) { $0 + ($1.evidence < 0 && $1.kind != .negator ? -$1.evidence : 0) }
        guard praise >= 2 else { return }
        let others = hits.contains { $0.evidence > 0 && $0.kind != .harm }
        guard !others else { return }
        for index in hits.indices where hits[index].kind == .harm {
            hits[index].evidence *= 0.3
            hits[index].strong = false
        }
    }

    /// Sarcasm that complains: explicit markers, and a positive interjection opening a sentence with a
    /// comma ("Great, the third ...") in a text that complains elsewhere. The positives of a sarcastic
    /// sentence count against the company.
    private mutating func applySarcasm() {
        let hasTrouble = hits.contains { ($0.kind == .negative || $0.strong) && $0.evidence > 0 }
        var sarcastic = Set<Int32>()
        for index in hits.indices {
            let hit = hits[index]
            if hit.kind == .sarcasm {
                sarcastic.insert(hit.sentence)
            } else if hit.kind == .ironicOpener {
                let first = text.tokens[hit.start]
                let last = text.tokens[hit.end - 1]
                if first.flags.contains(.sentenceStart) && last.flags.contains(.commaAfter) && hasTrouble {
                    hits[index].evidence = 1.5
                    hits[index].shown = "sarcasm:\(hit.label)"
                    sarcastic.insert(hit.sentence)
                }
            }
        }
        if let closing = ironicClosing() { sarcastic.insert(closing) }
        guard !sarcastic.isEmpty else { return }
        for index in hits.indices where sarcastic.contains(hits[index].sentence) && hits[index].evidence < 0 {
            if hits[index].kind == .positive || hits[index].kind == .ironicOpener {
                hits[index].evidence = -hits[index].evidence
                if !(hits[index].shown?.hasPrefix("sarcasm:") ?? false) {
                    hits[index].shown = "sarcasm:\(hits[index].label)"
                }
            }
        }
    }

    /// A short closing sentence of nothing but praise after trouble told earlier, with nothing
    /// solved ("... in a town 30 km away. Great 👌"): irony.
    private func ironicClosing() -> Int32? {
        guard let lastToken = text.tokens.last, !hits.contains(where: { $0.kind == .solved }) else { return nil }
        let last = lastToken.sentence
        var length = 0
        for token in text.tokens.reversed() {
            guard token.sentence == last else { break }
            length += 1
        }
        let closing = hits.filter { $0.sentence == last && $0.start != Int.max }
        guard length <= 3, !closing.isEmpty,
            closing.allSatisfy({ $0.kind == .positive || $0.kind == .ironicOpener }),
            hits.contains(where: { $0.evidence > 0 && $0.sentence != last && $0.sentence >= 0 })
        else { return nil }
        return last
    }

    /// A sentence about someone else (a former supplier, the weather, a train) does not complain about us.
    private mutating func applyThirdParty() {
        let sentences = Set(hits.filter { $0.kind == .thirdParty }.map(\.sentence))
        guard !sentences.isEmpty else { return }
        for index in hits.indices where sentences.contains(hits[index].sentence) && hits[index].evidence > 0 {
            // Sarcasm is aimed at whoever is addressed, not at the third party.
            if hits[index].kind == .sarcasm || hits[index].shown?.hasPrefix("sarcasm:") == true { continue }
            hits[index].evidence *= 0.15
            if hits[index].strong { hits[index].strong = false }
        }
    }

    /// "X, but Y": what follows the turn decides. Positive after a negative beginning takes the
    /// complaint back ("wasn't cheap, but fair"); a negative after a positive beginning keeps it
    /// ("nothing wrong with the food, but the music ...").
    private mutating func applyContrast() {
        for index in hits.indices where hits[index].kind == .contrast {
            let turn = hits[index]
            var afterNegative = 0.0, afterPositive = 0.0
            for hit in hits where hit.sentence == turn.sentence && hit.start > turn.start {
                if hit.evidence > 0 { afterNegative += hit.evidence } else { afterPositive -= hit.evidence }
            }
            let afterIsPositive = afterPositive > 0 && afterNegative == 0
            let afterIsNegative = afterNegative > 0 && afterPositive == 0
            for other in hits.indices where hits[other].sentence == turn.sentence && hits[other].start < turn.start {
                if afterIsPositive && hits[other].evidence > 0 && !hits[other].strong {
                    hits[other].evidence *= 0.3
                } else if afterIsNegative && hits[other].evidence < 0 {
                    hits[other].evidence *= 0.3
                }
            }
        }
    }

    /// A question word counts only in a question or with other trouble; a plain question is neutral.
    private mutating func applyQuestions() {
        for index in hits.indices where hits[index].kind == .question {
            let sentence = Int(hits[index].sentence)
            let asked = sentence < text.questions.count && text.questions[sentence]
            if !asked { hits[index].evidence *= 0.5 }
        }
        var troubled = Set<Int32>()
        for hit in hits where hit.evidence > 0 && hit.kind != .question { troubled.insert(hit.sentence) }
        for (sentence, asked) in text.questions.enumerated() where asked && !troubled.contains(Int32(sentence)) {
            // A question sentence with no trouble in it leans toward a neutral enquiry.
            if !hits.contains(where: { $0.sentence == Int32(sentence) && $0.kind == .question }) {
                hits.append(
                    Hit(kind: .positive, weight: 0, start: Int.max, end: Int.max, sentence: Int32(sentence),
                        clause: -1, label: "?", evidence: -0.4, shown: ""))
            }
        }
    }

    /// Token distance from `token` to the nearest cue that complains.
    func distanceToComplaint(from token: Int) -> Int {
        var best = Int.max / 2
        for hit in hits where hit.evidence > 0 && hit.start != Int.max {
            let distance = hit.start >= token ? hit.start - token : token - hit.end
            let sameSentence = text.tokens[token].sentence == hit.sentence
            best = min(best, distance + (sameSentence ? 0 : 20))
        }
        return best
    }

    /// Token ranges of cues that praise or reassure ("tasted fine"): category keywords inside them
    /// are not what the customer is upset about.
    var reassuringSpans: [Range<Int>] {
        hits.filter { $0.evidence < 0 && $0.start != Int.max }.map { $0.start..<$0.end }
    }

    /// Sentences holding a cue that complains, for weighting category keywords.
    var troubledSentences: Set<Int32> {
        Set(hits.filter { $0.evidence > 0 && $0.start != Int.max }.map(\.sentence))
    }

    /// The cues that decided the verdict, strongest first, at most 12.
    func cueLabels(complaint: Bool) -> [String] {
        var chosen: [(String, Double)] = []
        for hit in hits where hit.evidence != 0 && hit.shown != "" {
            if complaint != (hit.evidence > 0) && !(hit.shown?.hasPrefix("negation:") ?? false) { continue }
            let label = hit.shown ?? "\(hit.kind.rawValue):\(hit.label)"
            if !chosen.contains(where: { $0.0 == label }) { chosen.append((label, abs(hit.evidence))) }
        }
        let ordered = chosen.enumerated().sorted { a, b in
            a.element.1 != b.element.1 ? a.element.1 > b.element.1 : a.offset < b.offset
        }
        return ordered.prefix(12).map(\.element.0)
    }
}

extension String {
    /// A lexicon term as shown in cues: prefixes without their `*`.
    var replacingStars: String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self where character != "*" { result.append(character) }
        return result
    }
}
