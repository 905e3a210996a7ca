import Foundation
import HarkCore
import HarkRecurrence
import HarkStore
import Testing

/// The pure parts of recurrence: features that meet across spelling variants, MinHash
/// fingerprints and their bands, issue matching, issue labels, customer evidence and the trend
/// test.
@Suite struct RecurrenceUnitTests {
    // MARK: Features

    @Test(arguments: [
        ("regningen", "regning"), ("fakturaen", "faktura"), ("fakturan", "fakturor"), ("kjøpte", "købte"),
        ("igjen", "igen"), ("penger", "penge"), ("hjælp", "hjelp"), ("måleren", "maaleren"), ("billed", "billing"),
        ("bok", "bog"), ("strømmen", "strøm"),
    ])
    func spellingVariantsMeet(_ first: String, _ second: String) {
        let a = TextFeatures.features(of: first)
        let b = TextFeatures.features(of: second)
        #expect(!a.isEmpty && a == b, "\(first) → \(a), \(second) → \(b)")
    }

    @Test func stopWordsShortWordsAndSignsCarryNothing() {
        #expect(TextFeatures.features(of: "Jeg har ikke det, og du er der? I am not in it! 42 %").isEmpty)
        #expect(TextFeatures.features(of: "").isEmpty)
        #expect(Fingerprint(text: "og i jeg det").isEmpty)
        #expect(Fingerprint(text: "").bandKeys.isEmpty)
        #expect(Fingerprint(text: "").similarity(to: Fingerprint(text: "")) == 0)
    }

    @Test func aHugeTextHasBoundedFeatures() {
        let text = (0..<5_000).map { "ord\(String(UnicodeScalar(UInt8(97 + $0 % 26))))\($0 % 977)x" }.joined(separator: " ")
        #expect(TextFeatures.features(of: text).count <= TextFeatures.maximumFeatures)
    }

    // MARK: Fingerprints

    static let original: String = "Fakturaen fra Nordlys Energi er feil igjen, jeg har betalt for mye strøm i tre måneder."
    static let paraphrase = "Nordlys Energi har sendt feil faktura igjen – jeg har betalt for mye for strømmen i tre måneder!"
    /// The same complaint written in Danish.
    static let danish = "Fakturaen fra Nordlys Energi er forkert igen, jeg har betalt for meget strøm i tre måneder."
    static let unrelated = "Kundeservice svarer aldri på telefonen, jeg har ventet i en time i køen hver dag."

    @Test func paraphrasesAndSpellingVariantsAreSimilarUnrelatedComplaintsAreNot() {
        let original = Fingerprint(text: Self.original)
        #expect(original.similarity(to: original) == 1)
        #expect(original.similarity(to: Fingerprint(text: Self.paraphrase)) >= IssueMatcher.threshold)
        #expect(original.similarity(to: Fingerprint(text: Self.danish)) >= IssueMatcher.threshold)
        #expect(original.similarity(to: Fingerprint(text: Self.unrelated)) < 0.2)
    }

    @Test func similarTextsShareABandKeyAndBytesRoundTrip() {
        let a = Fingerprint(text: Self.original)
        let b = Fingerprint(text: Self.paraphrase)
        #expect(a.bandKeys.count == Fingerprint.bandCount)
        #expect(!Set(a.bandKeys).isDisjoint(with: b.bandKeys), "near-duplicates meet in the index")
        #expect(Set(a.bandKeys).isDisjoint(with: Fingerprint(text: Self.unrelated).bandKeys))
        #expect(Fingerprint(bytes: a.bytes) == a)
        #expect(Fingerprint(bytes: [1, 2, 3]) == nil)
        // Deterministic across runs and releases: stored fingerprints stay comparable.
        #expect(Fingerprint(text: "faktura feil").values == Fingerprint(text: "FEIL fakturaen").values)
    }

    /// Estimated similarity tracks the true Jaccard similarity of the feature sets.
    @Test func similarityEstimatesJaccard() {
        let base = (0..<100).map { "feature\($0)" }
        for overlap in [20, 50, 80] {
            let other = Array(base.prefix(overlap)) + (0..<(100 - overlap)).map { "other\($0)" }
            let jaccard = Double(overlap) / Double(200 - overlap)
            let estimate = Fingerprint(features: base).similarity(to: Fingerprint(features: other))
            #expect(abs(estimate - jaccard) < 0.2, "overlap \(overlap): \(estimate) against \(jaccard)")
        }
    }

    // MARK: Issues

    @Test func aComplaintJoinsTheMostSimilarIssueOfItsCategoryOnly() {
        typealias C = IssueMatcher.Candidate<String>
        let candidates = [
            C(key: "paraphrase-delivery", fingerprint: Fingerprint(text: Self.paraphrase), category: .delivery),
            C(key: "paraphrase", fingerprint: Fingerprint(text: Self.paraphrase), category: .billing),
            C(key: "unrelated", fingerprint: Fingerprint(text: Self.unrelated), category: .billing),
        ]
        let match = IssueMatcher.best(for: Fingerprint(text: Self.original), category: .billing, among: candidates)
        #expect(match?.candidate.key == "paraphrase")
        #expect(IssueMatcher.best(for: Fingerprint(text: Self.unrelated), category: .delivery, among: candidates) == nil)
        #expect(IssueMatcher.best(for: Fingerprint(text: ""), category: .billing, among: candidates) == nil)
    }

    @Test func theLabelIsTheIssuesMostFrequentWordsAsWritten() {
        var terms = IssueTerms()
        terms.add(text: Self.original)
        terms.add(text: Self.paraphrase)
        terms.add(text: "Feil faktura fra Nordlys igjen.")
        let words = terms.label.components(separatedBy: " · ")
        #expect(words.count == 3)
        // Ties keep the order the words were first seen in.
        #expect(words == ["fakturaen", "nordlys", "feil"], "\(terms.label)")
        #expect(terms.terms.first?.count == 3)
        func letters(_ number: Int) -> String {
            String(String(number, radix: 26).map { Character(UnicodeScalar(UInt8(Int(String($0), radix: 26) ?? 0) + 97)) })
        }
        for index in 0..<200 { terms.add(text: "unik\(letters(index))ord annet\(letters(index))ord") }
        #expect(terms.terms.count == IssueTerms.capacity)
    }

    // MARK: Customers

    @Test func evidenceIsTheAddressOrTheHandleNeverTheDisplayNameAlone() {
        let mail = CustomerEvidence.of(
            author: Author(name: "Kari", address: " Kari.Nordmann@Example.NO ", handle: "@KariN"), source: SourceID("support")!,
            channel: .mail)
        #expect(mail.map(\.kind) == [.address, .handle])
        #expect(mail.first?.value == "kari.nordmann@example.no" && mail.last?.value == "karin")
        #expect(CustomerEvidence.of(author: Author(name: "Kari"), source: SourceID("support")!, channel: .mail).isEmpty)
        #expect(CustomerEvidence.of(author: Author(name: "Kari"), source: SourceID("forms")!, channel: .webhook).isEmpty)
        // A review site's author name: evidence on that site only, and weaker.
        let review = CustomerEvidence.of(author: Author(name: "Kari N."), source: SourceID("trustpilot")!, channel: .feed)
        #expect(review == [CustomerEvidence(kind: .author, value: "trustpilot:kari n.")])
        #expect((review.first?.confidence ?? 1) < 1)
        #expect(CustomerEvidence.of(author: Author(address: "not an address"), source: SourceID("s")!, channel: .mail).isEmpty)
    }

    // MARK: Trends

    @Test func aPlantedSpikeIsFoundAndAFlatSeriesIsNot() {
        let test = TrendTest()
        let flat = [2, 3, 1, 2, 4, 2, 3, 2, 1, 3, 2, 2, 3, 2, 1, 2, 3, 2, 2, 3, 1, 2, 2, 3, 2, 2, 3, 2]
        #expect(test.verdict(daily: flat) == .flat)
        #expect(test.verdict(daily: flat + [14]) == .spike)
        #expect(test.verdict(daily: flat + [5]) == .flat, "a busy day is not yet a spike")
        let rising = flat.dropLast(7) + [5, 6, 5, 7, 6, 6, 5]
        #expect(test.verdict(daily: Array(rising)) == .rising)
        // A quiet category: one or two complaints are never news.
        #expect(test.verdict(daily: Array(repeating: 0, count: 27) + [2]) == .flat)
        #expect(test.verdict(daily: [1, 2]) == .flat)
    }

    @Test func poissonTailsAreRight() {
        #expect(TrendTest.upperTail(0, mean: 3) == 1)
        #expect(abs(TrendTest.upperTail(1, mean: 2) - (1 - exp(-2))) < 1e-12)
        // P(X ≥ 10 | 2) = 4.65e-5.
        #expect(abs(TrendTest.upperTail(10, mean: 2) - 4.6498e-5) < 1e-7)
        #expect(TrendTest.upperTail(500, mean: 100) < 1e-100)
        #expect(TrendTest.upperTail(5, mean: 0) == 0)
    }
}
