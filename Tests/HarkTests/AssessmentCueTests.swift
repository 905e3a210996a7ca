import HarkAssessment
import HarkCore
import Testing

/// The assessor's rules one at a time: negation, sarcasm, questions, repeats, churn, escalation, harm,
/// third parties, praise of a solved problem, and spelling without diacritics.
@Suite struct AssessmentCueTests {
    static let assessor = try! Assessor()

    func assess(_ text: String, subject: String? = nil) -> Assessment {
        Self.assessor.assess(text: text, subject: subject)
    }

    @Test(arguments: [
        "Not bad at all, the parcel came a day early.",
        "Ikke dårlig overhovedet, pakken kom en dag før tid.",
        "Inte alls dålig, paketet kom en dag tidigare.",
        "Ikke dårlig i det hele tatt, pakken kom dagen etter.",
    ])
    func negatedComplaintWordsPraise(text: String) {
        let result = assess(text)
        #expect(!result.complaint, "\(result.cues)")
        #expect(result.cues.contains { $0.hasPrefix("negation:") }, "\(result.cues)")
    }

    @Test func negatedPraiseComplains() {
        let result = assess("The new mattress is not comfortable and not what I expected for the price.")
        #expect(result.complaint, "\(result.cues)")
        #expect(result.cues.contains { $0.hasPrefix("negation:") })
    }

    @Test(arguments: [
        "Great, the courier lost my parcel again.",
        "Tusen takk for at pakken kom tre uker for sent.",
        "Elsker hvordan \"gratis\" levering pludselig koster 49 kr.",
        "Toppen, ännu en gång står paketet still i spårningen.",
    ])
    func sarcasmComplains(text: String) {
        let result = assess(text)
        #expect(result.complaint, "\(result.cues)")
        #expect(result.cues.contains { $0.hasPrefix("sarcasm:") }, "\(result.cues)")
    }

    @Test func questionsThatComplainAndQuestionsThatDoNot() {
        #expect(assess("Why has nobody answered my mail for two weeks?").complaint)
        #expect(!assess("Do you deliver to Iceland, and what does shipping cost?").complaint)
        #expect(!assess("Vi byttet til dere i fjor. Hvorfor har vi ikke gjort det før?").complaint)
    }

    @Test(arguments: [
        ("Third time the router has died this month. I complained last week.", "repeat:"),
        ("Tredje gang at regningen er forkert. Jeg har klaget før.", "repeat:"),
        ("Still not fixed after my last complaint, the heating is broken.", "repeat:"),
        ("Terrible service, I'm cancelling and switching to another bank.", "churn:"),
        ("Dårlig service, jeg bytter bank i morgen.", "churn:"),
        ("Urimelige gebyrer. Säger upp mitt konto och byter bank.", "churn:"),
        ("If this is not refunded I will take it to the ombudsman.", "escalation:"),
        ("Jeg klager til Forbrukerrådet hvis dere ikke svarer.", "escalation:"),
        ("Vi anmäler ärendet till ARN om ni inte betalar tillbaka.", "escalation:"),
        ("Hvis ikke I svarer, går sagen til Forbrugerklagenævnet.", "escalation:"),
        ("The heater started smoking in my daughter's room, it is dangerous.", "harm:"),
        ("Min søn fik en allergisk reaktion og endte på skadestuen.", "harm:"),
    ])
    func strongCuesMakeVeryDissatisfied(text: String, cue: String) {
        let result = assess(text)
        #expect(result.complaint, "\(result.cues)")
        #expect(result.severity == .veryDissatisfied, "\(result.cues)")
        #expect(result.cues.contains { $0.hasPrefix(cue) }, "\(result.cues)")
    }

    @Test func moderateComplaintIsDissatisfied() {
        let result = assess("The lamp arrived with a cracked shade. Could you send a new one?")
        #expect(result.complaint)
        #expect(result.severity == .dissatisfied)
        #expect(result.category == .delivery || result.category == .product)
    }

    @Test(arguments: [
        "Switched from my old bank (an absolute nightmare) and you sorted everything in a day.",
        "Toget var forsinket, men I flyttede min tid uden problemer. Tak!",
        "Vädret var hemskt men budet från er kom ändå i tid, tack!",
    ])
    func angerAtAThirdPartyIsNoComplaint(text: String) {
        let result = assess(text)
        #expect(!result.complaint, "\(result.cues)")
        #expect(result.severity == .none)
        #expect(result.category == .none)
    }

    @Test(arguments: [
        "Had a problem with my invoice but your team sorted it out within a day. Thanks!",
        "Hadde et problem med fakturaen, men de ordnet det raskt og var hyggelige.",
    ])
    func praiseOfASolvedProblem(text: String) {
        #expect(!assess(text).complaint)
    }

    @Test func concessionIsNoComplaint() {
        let reluctant = "It wasn't exactly cheap, but they explained everything and the car runs great. Fair enough."
        #expect(!assess(reluctant).complaint)
        #expect(!assess("Det var ikke akkurat billig, men bilen går som en klokke. Helt greit.").complaint)
    }

    @Test func missingDiacriticsAndTyposStillMatch() {
        let plain = assess("Jeg klager til Forbrukerradet, det er tredje gang!")
        #expect(plain.severity == .veryDissatisfied, "\(plain.cues)")
        let danish = assess("Pakken er odelagt og det er fuldstaendig uacceptabelt. Tredje gang.")
        #expect(danish.complaint, "\(danish.cues)")
        let aa = assess("Varför har ingen svarat paa mitt mejl? Jag ar missnojd.")
        #expect(aa.complaint, "\(aa.cues)")
        #expect(assess("SKANDALE! ALDRI IGJEN!").severity == .veryDissatisfied)
    }

    @Test func categories() {
        #expect(assess("I was charged twice for my subscription, please refund me.").category == .billing)
        #expect(assess("The app crashes every time I try to log in.").category == .digital)
        #expect(assess("The receptionist was rude and rolled her eyes at me.").category == .service)
        #expect(assess("My order is a week late and tracking hasn't moved.").category == .delivery)
        let process = "Nobody replied to my claim for a month and I keep getting passed between departments."
        #expect(assess(process).category == .process)
        #expect(assess("The kettle broke after two days, poor quality.").category == .product)
    }

    @Test func cuesExplainTheVerdict() {
        let result = assess("Ikke dårlig, men tredje gang jeg venter på pakken. Nu bytter jeg.")
        #expect(!result.cues.isEmpty)
        #expect(result.cues.count <= 13)
    }
}
