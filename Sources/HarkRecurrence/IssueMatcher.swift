import HarkCore
import HarkStore

/// Which earlier complaint's issue a new complaint joins: the most similar one at or above
/// ``threshold`` with the same category (an issue is one problem, so a billing complaint never
/// joins a delivery issue however alike the words), or none: the complaint starts an issue.
public enum IssueMatcher {
    /// Estimated Jaccard similarity of the feature sets from which two complaints count as the
    /// same problem (a light paraphrase keeps most of its content words).
    public static let threshold = 0.5

    public struct Candidate<Key: Sendable>: Sendable {
        public var key: Key
        public var fingerprint: Fingerprint
        public var category: Category?

        public init(key: Key, fingerprint: Fingerprint, category: Category?) {
            self.key = key
            self.fingerprint = fingerprint
            self.category = category
        }
    }

    /// The candidates among the store's matches: those in an issue, keyed by it.
    public static func candidates(_ matches: [FingerprintMatch]) -> [Candidate<String>] {
        matches.compactMap { match in
            guard let issue = match.issueID, let fingerprint = Fingerprint(bytes: match.fingerprint) else { return nil }
            return Candidate(key: issue, fingerprint: fingerprint, category: match.category)
        }
    }

    /// The best candidate and its similarity, or `nil`.
    public static func best<Key>(
        for fingerprint: Fingerprint, category: Category?, among candidates: [Candidate<Key>]
    ) -> (candidate: Candidate<Key>, similarity: Double)? {
        var best: (candidate: Candidate<Key>, similarity: Double)?
        for candidate in candidates where candidate.category == category {
            let similarity = fingerprint.similarity(to: candidate.fingerprint)
            if similarity >= threshold, similarity > (best?.similarity ?? 0) { best = (candidate, similarity) }
        }
        return best
    }
}
