extension BuiltinLexicon {
    /// Norwegian (Bokmål and Nynorsk) cues.
    static let norwegian: [Group] = [
        Group(.negative, 1.5, """
            i stykker | ødelagt | defekt | knust | knakk | sprekk | bøyd | manglet | mangler | feil | funker ikke |
            fungerer ikke | virker ikke | krasjer | logger meg ut | får ikke logget | ugyldig | frekk | uhøflig |
            uinteressert | elendig | dårlig | dårlige | skuffet | skuffende | misfornøyd | irritert | irriterende |
            frustrert | frustrerende | uakseptabel* | latterlig* | for dyrt | overpris | ingen svar | ikke svart |
            ingen har svart | ikke hørt | ingen ringte | venter fortsatt | ventet | forsinket | forsinkelse | kald |
            tørr | slapp | brent | nuppe* | knirker | lei | mareritt | slapt | slurvete | byråkratisk | tungvint |
            problem | problemer | klage | klager | klaget | skjønner ingenting | ikke råd | ikke akkurat |
            sukket | si ifra | sa ifra | ikke ferdig | står fortsatt | feilmelding | lurer på hvorfor | sliter |
            surt | rot | rotete | galt | svindel | sjokk | ikke rakettforskning | så høyt | for høyt | altfor høyt |
            sulten | sultne | nede | vært nede | umulig* | urimelig* | treg | tregt | aldri mottatt | ikke mottatt |
            har ikke fått | feil vare | løy | ventetid | la på | sperret | avvist | mugg | lekker | ingen kom |
            kom aldri | dukket aldri opp | ingen har ringt | ingen tar telefonen | svarer ikke | dobbelt så |
            pengene tilbake | uten varsel | uten grunn | kansellert | innstilt | sto i kø | i en time |
            hvorfor skal jeg | hvorfor må jeg | hvorfor må man
            """),
        Group(.negative, 0.6, "lovet å | to ganger | på rad | hallo | igjen | fortsatt | tilbakebetal* | gebyr | dyrt"),
        Group(.positive, 1.5, """
            tusen takk | mange takk | fornøyd | kjempebra | digg | deilig | perfekt | anbefal* | hyggelig |
            hyggelige | rolig | hjelpsom | hjelpsomme | tålmodig | skryt | tommel opp | går som en klokke |
            uten noe mas | uten problemer | fortsatt varm | enda finere | null klager | fantastisk | elsker det |
            supert | flott | imponert | raskt | rask | funker det kjempebra | ikke noe galt | smakte fint |
            hvorfor har vi ikke | hvorfor gjorde jeg ikke |
            hvorfor ventet jeg | ikke noe å klage på | ingenting å klage på
            """),
        Group(.positive, 0.8, "takk | glad | bra | god | godt | fint | super | elsker | greit | varm"),
        Group(.positive, 0, "vennlig hilsen | med vennlig hilsen | hilsen | på forhånd takk"),
        Group(.negator, 1, "ikke | ikkje | ingen | inga | intet | aldri | uten | verken | ikke engang"),
        Group(.intensifier, 1, """
            veldig | kjempe | helt | totalt | fullstendig | så | altfor | ekstremt | skikkelig | svært
            """),
        Group(.churn, 3, """
            aldri igjen | kommer aldri tilbake | handler aldri | bytter bank | bytter til | bytter selskap |
            sier opp | sier jeg opp | går over til | flytter alle | flytter forsikringene | melder meg ut |
            meldt meg ut | sletter appen | slettet appen | hadet | ferdig med dere | et annet sted | flytter jeg |
            flytter vi | til et annet selskap | sier vi opp
            """),
        Group(.escalation, 3, """
            forbrukerrådet | forbrukertilsynet | finansklagenemnda | klagenemnd* | ombud* | advokat | forliksrådet |
            datatilsynet | mattilsynet | pressen | journalist | media | meldt saken | melde saken | oppfordrer alle |
            boikott* | politianmeld* | går til advokat
            """),
        Group(.harm, 3, """
            allergi* | legevakt* | sykehus* | matforgiftning | forgiftet | livsfarlig* | farlig | farlige |
            tas av markedet | tilbakekall* | innlagt | sviktet | vondt | skadet meg | brann | røyk
            """),
        Group(.repeat, 3, """
            tredje gang | andre gang | fjerde gang | femte gang | nok en gang | igjen og igjen | fortsatt ikke |
            klaget etter | har klaget | klaget forrige | forrige gang | tredje gang jeg skriver |
            skal ikke skje igjen
            """),
        Group(.anger, 3, """
            idioter | gjeng idioter | klovner | amatører | skandale | skandaløst | skam dere | så lei av |
            forbanna | rasende | pinlig | kroppsskam | drit*
            """),
        Group(.thirdParty, 1, """
            et forsikringsselskap | et annet selskap | min gamle | mitt gamle | vårt gamle | været var | været er |
            uværet |
            regnvær | stormen | andre butikker | kommunen | naboen | naboens | gikk fra | byttet fra |
            skiftet fra | legekontoret | fastlegen | staten | regjeringen | konkurrenten
            """),
        Group(.solved, 2, "uten noe mas | flyttet meg | ordnet det | fikset det | hjalp meg | løste | fikk svar"),
        Group(.wish, 2.5, """
            hadde vært digg om | hadde vært fint om | hadde vært flott om | hadde vært bra om | forslag | ønske |
            er det noe dere jobber med | savner
            """),
        Group(.news, 3, """
            opplyser | ifølge | åpner sitt | åpner i | søker | søknad | stilling | omsatte | økning | selskapets |
            daglig leder
            """),
        Group(.sarcasm, 2, """
            elsker at | elsker hvordan | så fint | tusen takk for at | takk for ingenting | veldig kundevennlig
            """),
        Group(.ironicOpener, 2, "flott | fint | herlig | supert | fantastisk | perfekt | topp"),
        Group(.contrast, 1, "men | likevel"),
        Group(.concession, 2.5, "helt greit | greit det | helt ok | skjer sikkert | helt i orden"),
        Group(.question, 1.3, "hvorfor | korfor | hvordan kan | hva skjer"),
    ]
}
