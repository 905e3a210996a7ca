import Foundation
import HarkCore
import HarkStore

/// The texts of the insight pages (where to act, trends, a customer, the monthly report), in the
/// page's four languages. Raw values are the template keys (`t.<key>`), distinct from ``WebText``'s.
public enum InsightText: String, CaseIterable, Sendable {
    case navInbox, navInsight, navReport
    case insightTitle, insightIntro, issueLabel, complaints30, veryDissatisfied30, customersCount, openCount
    case trendLabel, reachLabel, reachNote, trendFlat, trendRising, trendSpike
    case trendsTitle, trendsIntro, byIssue, byBrand, byChannel, noAlarms, baseline, lastDay
    case customerTitle, evidence, evidenceAddress, evidenceHandle, evidenceAuthor, hiddenValue
    case complaintsTotal, firstSeen, lastSeen, customerLink, issueOf
    case reportTitle, reportIntro, newIssues, recurringIssues, escalate, openComplaints, overdueComplaints
    case printHint, complaintsInMonth, previousMonth, nextMonth, occurrencesLabel, noIssues, seriesKind, seriesName
}

enum InsightStrings {
    static func text(_ key: InsightText, _ language: WebLanguage) -> String {
        let row = table[key] ?? ["", "", "", ""]
        switch language {
        case .en: return row[0]
        case .da: return row[1]
        case .no: return row[2]
        case .sv: return row[3]
        }
    }

    static func trend(_ verdict: TrendVerdict, _ language: WebLanguage) -> String {
        switch verdict {
        case .flat: text(.trendFlat, language)
        case .rising: text(.trendRising, language)
        case .spike: text(.trendSpike, language)
        }
    }

    static func evidence(_ kind: CustomerEvidence.Kind, _ language: WebLanguage) -> String {
        switch kind {
        case .address: text(.evidenceAddress, language)
        case .handle: text(.evidenceHandle, language)
        case .author: text(.evidenceAuthor, language)
        }
    }

    /// English, Danish, Norwegian, Swedish.
    static let table: [InsightText: [String]] = [
        .navInbox: ["Inbox", "Indbakke", "Innboks", "Inkorg"],
        .navInsight: ["Where to act", "Hvor skal vi handle", "Hvor bør vi gripe inn", "Var ska vi agera"],
        .navReport: ["Monthly report", "Månedsrapport", "Månedsrapport", "Månadsrapport"],
        .insightTitle: ["Where to act", "Hvor skal vi handle", "Hvor bør vi gripe inn", "Var ska vi agera"],
        .insightIntro: [
            "Recurring problems of the last 30 days, ranked by severity, how many customers they hit, trend and missed deadlines.",
            "Tilbagevendende problemer de seneste 30 dage, rangeret efter alvor, antal kunder, udvikling og overskredne frister.",
            "Gjentatte problemer de siste 30 dagene, rangert etter alvor, hvor mange kunder de rammer, utvikling og oversittede frister.",
            "Återkommande problem de senaste 30 dagarna, rangordnade efter allvar, antal kunder, trend och missade tidsfrister.",
        ],
        .issueLabel: ["Issue", "Problem", "Problem", "Problem"],
        .complaints30: ["Complaints (30 days)", "Klager (30 dage)", "Klager (30 dager)", "Klagomål (30 dagar)"],
        .veryDissatisfied30: ["Very dissatisfied", "Meget utilfredse", "Svært misfornøyde", "Mycket missnöjda"],
        .customersCount: ["Customers", "Kunder", "Kunder", "Kunder"],
        .openCount: ["Open", "Åbne", "Åpne", "Öppna"],
        .trendLabel: ["Trend", "Udvikling", "Utvikling", "Trend"],
        .reachLabel: ["Estimated reach", "Anslået rækkevidde", "Anslått omfang", "Uppskattad räckvidd"],
        .reachNote: [
            "An estimate, not a count: each complaint stands for {n} unhappy customers, most of whom never tell you.",
            "Et skøn, ikke en optælling: hver klage står for {n} utilfredse kunder, som de fleste aldrig siger noget.",
            "Et anslag, ikke en telling: hver klage står for {n} misfornøyde kunder, og de fleste sier aldri fra.",
            "En uppskattning, inte en räkning: varje klagomål står för {n} missnöjda kunder, och de flesta säger aldrig till.",
        ],
        .trendFlat: ["steady", "stabil", "stabil", "stabil"],
        .trendRising: ["rising", "stigende", "økende", "ökande"],
        .trendSpike: ["spike", "pludselig stigning", "plutselig topp", "plötslig topp"],
        .trendsTitle: ["Trends", "Udvikling", "Utvikling", "Trender"],
        .trendsIntro: [
            "Complaints per day over the last 28 days. A spike or a rise is judged against each series' own baseline.",
            "Klager pr. dag de seneste 28 dage. En stigning vurderes mod hver series eget normalniveau.",
            "Klager per dag de siste 28 dagene. En topp eller økning vurderes mot hver series eget normalnivå.",
            "Klagomål per dag de senaste 28 dagarna. En topp eller ökning bedöms mot varje series egen normalnivå.",
        ],
        .byIssue: ["By issue", "Efter problem", "Etter problem", "Per problem"],
        .byBrand: ["By brand", "Efter varemærke", "Etter merkevare", "Per varumärke"],
        .byChannel: ["By channel", "Efter kanal", "Etter kanal", "Per kanal"],
        .noAlarms: ["Nothing out of the ordinary.", "Intet usædvanligt.", "Ingenting uvanlig.", "Inget ovanligt."],
        .baseline: ["Usual per day", "Normalt pr. dag", "Vanlig per dag", "Normalt per dag"],
        .lastDay: ["Today", "I dag", "I dag", "I dag"],
        .customerTitle: ["Customer", "Kunde", "Kunde", "Kund"],
        .evidence: ["Linked by", "Koblet via", "Koblet via", "Kopplad via"],
        .evidenceAddress: ["e-mail address", "e-mailadresse", "e-postadresse", "e-postadress"],
        .evidenceHandle: ["handle", "brugernavn", "brukernavn", "användarnamn"],
        .evidenceAuthor: ["review-site author", "anmelder på siden", "anmelder på nettstedet", "recensent på sajten"],
        .hiddenValue: ["(hidden)", "(skjult)", "(skjult)", "(dold)"],
        .complaintsTotal: ["Complaints", "Klager", "Klager", "Klagomål"],
        .firstSeen: ["First seen", "Først set", "Først sett", "Först sedd"],
        .lastSeen: ["Last seen", "Sidst set", "Sist sett", "Senast sedd"],
        .customerLink: ["The customer's history", "Kundens historik", "Kundens historikk", "Kundens historik"],
        .issueOf: ["Part of", "Del af", "Del av", "Del av"],
        .reportTitle: ["Monthly report", "Månedsrapport", "Månedsrapport", "Månadsrapport"],
        .reportIntro: [
            "The month's complaints by category and channel, new and recurring issues, trends, open work and what to escalate.",
            "Månedens klager efter kategori og kanal, nye og tilbagevendende problemer, udvikling, åbne sager og hvad der skal eskaleres.",
            "Månedens klager etter kategori og kanal, nye og gjentatte problemer, utvikling, åpne saker og hva som bør løftes til ledelsen.",
            "Månadens klagomål per kategori och kanal, nya och återkommande problem, trender, öppna ärenden och vad som ska eskaleras.",
        ],
        .newIssues: ["New issues", "Nye problemer", "Nye problemer", "Nya problem"],
        .recurringIssues: ["Recurring issues", "Tilbagevendende problemer", "Gjentatte problemer", "Återkommande problem"],
        .escalate: ["To escalate to management", "Til ledelsen", "Løftes til ledelsen", "Eskalera till ledningen"],
        .openComplaints: ["Open complaints now", "Åbne klager nu", "Åpne klager nå", "Öppna klagomål nu"],
        .overdueComplaints: ["Overdue now", "Over fristen nu", "Over fristen nå", "Försenade nu"],
        .printHint: [
            "Print this page, or save it as PDF, from the browser.", "Udskriv siden, eller gem den som PDF, fra browseren.",
            "Skriv ut siden, eller lagre den som PDF, fra nettleseren.", "Skriv ut sidan, eller spara den som PDF, från webbläsaren.",
        ],
        .complaintsInMonth: ["Complaints this month", "Klager i måneden", "Klager i måneden", "Klagomål under månaden"],
        .previousMonth: ["Previous month", "Forrige måned", "Forrige måned", "Föregående månad"],
        .nextMonth: ["Next month", "Næste måned", "Neste måned", "Nästa månad"],
        .occurrencesLabel: ["Complaints in all", "Klager i alt", "Klager totalt", "Klagomål totalt"],
        .noIssues: ["No issues.", "Ingen problemer.", "Ingen problemer.", "Inga problem."],
        .seriesKind: ["Counted", "Opgjort", "Telt", "Räknat"],
        .seriesName: ["What", "Hvad", "Hva", "Vad"],
    ]
}
