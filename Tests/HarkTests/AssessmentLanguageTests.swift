import HarkAssessment
import HarkCore
import Testing

/// Language identification, including short texts, Danish against Norwegian, and text typed without
/// diacritics.
@Suite struct AssessmentLanguageTests {
    static let assessor = try! Assessor()

    func language(_ text: String) -> String { Self.assessor.assess(text: text).language }

    @Test(arguments: [
        ("Hvad koster det nu?", "da"),
        ("Hva koster det nå?", "no"),
        ("Vad kostar det nu?", "sv"),
        ("What does it cost now?", "en"),
        ("Jeg har ikke hørt noget fra jer.", "da"),
        ("Jeg har ikke hørt noe fra dere.", "no"),
        ("Eg har ikkje høyrt noko frå dykk.", "no"),
        ("Jag har inte hört något från er.", "sv"),
        ("Tak for hjælpen, I er søde.", "da"),
        ("Takk for hjelpen, dere er greie.", "no"),
        ("Tack för hjälpen, ni är snälla.", "sv"),
        ("Pakken kom aldrig frem, det er for dårligt af jer.", "da"),
        ("Pakken kom aldri fram, det er for dårlig av dere.", "no"),
    ])
    func shortTexts(text: String, expected: String) {
        #expect(language(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("Jeg har ikke hort noget fra jer, hvad sker der", "da"),
        ("Jeg har ikke hort noe fra dere, hva skjer", "no"),
        ("Jag har inte hort nagot fran er, vad hander", "sv"),
        ("Paa forhaand tak, jeg venter stadig paa svar", "da"),
    ])
    func withoutDiacritics(text: String, expected: String) {
        #expect(language(text) == expected, "\(text)")
    }

    @Test(arguments: ["", "12345 !!!", "🙂🙂🙂", "Это совсем не годится", "这个产品很差"])
    func undetermined(text: String) {
        #expect(language(text) == "und", "\(text)")
    }
}
