import HarkAssessment
import HarkCore
import Testing

/// Brand recognition: word boundaries, handles, hashtags, case and diacritics, exclusions, and which
/// brand a complaint is about.
@Suite struct AssessmentBrandTests {
    static let assessor = try! Assessor(
        settings: AssessmentSettings(brands: [
            BrandRule(name: "Nordlys Energi", aliases: ["Nordlys", "@nordlys"], exclude: ["nordlys over"]),
            BrandRule(name: "Bølgenet", aliases: ["Bolgenet", "#bølgenet"]),
            BrandRule(name: "Åsen Bank", aliases: ["Åsen"]),
        ]))

    func brands(_ text: String, subject: String? = nil) -> [String] {
        Self.assessor.assess(text: text, subject: subject).brands
    }

    @Test func namesAndAliasesAsWholeWords() {
        #expect(brands("Nordlys Energi sent me a bill") == ["Nordlys Energi"])
        #expect(brands("I switched to nordlys last year") == ["Nordlys Energi"])
        #expect(brands("Nordlysenergisk is not a brand, nor is nordlyset") == [])
        #expect(brands("Bølgenet's router is fine") == ["Bølgenet"])
    }

    @Test func caseAndDiacriticsInsensitive() {
        #expect(brands("BOLGENET er nede igjen") == ["Bølgenet"])
        #expect(brands("bølgenet er nede igjen") == ["Bølgenet"])
        #expect(brands("aasen bank har stengt kortet mitt") == ["Åsen Bank"])
    }

    @Test func handlesAndHashtags() {
        #expect(brands("@nordlys why is my bill so high?") == ["Nordlys Energi"])
        #expect(brands("@Nordlys_Energi hallo?") == ["Nordlys Energi"])
        #expect(brands("#bølgenet nede igjen") == ["Bølgenet"])
        #expect(brands("#boycottnordlysenergi now") == ["Nordlys Energi"])
    }

    @Test func exclusionsAreHonoured() {
        #expect(brands("Så nydelig nordlys over Tromsø i natt!") == [])
        #expect(brands("Nordlys over byen, og Nordlys Energi sendte regning") == ["Nordlys Energi"])
    }

    @Test func theComplaintIsAboutTheBrandNearestItsCues() {
        let result = Self.assessor.assess(
            text: "I moved from Bølgenet, who were great for years. "
                + "Nordlys Energi has now charged me twice and nobody answers.")
        #expect(result.complaint)
        #expect(result.brands.first == "Nordlys Energi", "\(result.brands)")
        #expect(result.brands.count == 2)
        let subject = Self.assessor.assess(
            text: "Bølgenet works fine, but this bill is wrong and unacceptable.", subject: "Nordlys Energi invoice")
        #expect(subject.brands.first == "Nordlys Energi", "\(subject.brands)")
    }

    @Test func noBrandsConfiguredFindsNone() throws {
        let plain = try Assessor()
        #expect(plain.assess(text: "Nordlys Energi is terrible").brands.isEmpty)
    }
}
