extension BuiltinLexicon {
    /// Danish cues.
    static let danish: [Group] = [
        Group(.negative, 1.5, """
            i stykker | ødelagt | ødelagde | defekt | knækket | knækkede | revne | revnet | vakler | vipper |
            mangler | manglede | forkert | fejl | fejlen | virker ikke | fungerer ikke | crasher | går ned |
            kan ikke logge | sur | uhøflig | uvenlig | ubehøvlet | elendig | elendigt | dårlig | dårligt | dårlige |
            skuffet | skuffende | skuffelse | utilfreds | irriteret | irriterende | frustreret | frustrerende |
            uacceptabel* | latterlig* | for dyrt | overpris | trukket to gange | ingen svar | uden svar |
            ikke svaret | ingen har svaret | ikke hørt | ingen ringede | venter stadig | ventede | venter |
            forsinket | forsinkelse | udebliver | udeblev | aldrig kommet | ikke kommet | kold | kolde | tør |
            brændt | halvt så | larm | støj | problem | problemer | klage | klager | klagede | frem og tilbage |
            bureaukrat* | raketvidenskab | hvem har designet | hvem har fundet på | væltede | spam | aldrig sagt ja |
            uden samtykke | fordoblet | prisstigning | prishop | pludselig | ikke værd | ærgerligt | træls |
            nedladende | grinede | himlede | afbrød | ked af det | kom nu | rørt sig | ikke lige det | helt galt |
            noget galt | galt | ikke raketvidenskab | så høj | for høj | alt for høj | for højt | sultne | sulten |
            hvorfor skal jeg | hvorfor skal man | hvorfor må jeg | nede | været nede | går ned | umulig* | urimelig* |
            langsom | langsomt | aldrig modtaget | ikke modtaget | har ikke modtaget | forkert vare | løj | ventetid |
            lagt på | spærret | afvist | skimmel | utæt | ingen kom | der kom ingen | kom aldrig | dukkede aldrig op |
            ingen har ringet | ingen tager telefonen | svarer ikke | trukket dobbelt | dobbelt så | pengene tilbage |
            uden varsel | uden grund | aflyst | stod i kø | i en time | snyd | snydt | sløset | sjusk* |
            uoverskuelig | mast
            """),
        Group(.negative, 0.6, "lovede at | to gange | i træk | igen | stadig | refunder* | gebyr | dyrt"),
        Group(.positive, 1.5, """
            tusind tak | mange tak | glad for | tilfreds | fantastisk | lækker | lækkert | dejlig | dejligt |
            perfekt | anbefal* | kæmpe anbefaling | søde folk | hjælpsom | hjælpsomme | tålmodig | super venlig |
            kører som en drøm | uden problemer | før tid | stadig varm | ingen klager | ingen fortrydelse |
            tommel op | elsker det | bedste | top service | imponeret | imødekommende | nice | smagte fint |
            hvorfor har vi ikke | hvorfor gjorde jeg ikke |
            hvorfor ventede jeg | intet at klage over | ikke noget at klage over
            """),
        Group(.positive, 0.8, """
            hurtig | hurtigt | tak | elsker | god | godt | fint | flot | fedt | super | top | varm | sød | venlig
            """),
        Group(.positive, 0, "venlig hilsen | med venlig hilsen | venligst | på forhånd tak | tak på forhånd | mvh"),
        Group(.negator, 1, "ikke | ingen | intet | aldrig | uden | ej | hverken | ikke engang"),
        Group(.intensifier, 1, """
            meget | virkelig | helt | totalt | fuldstændig | så | alt for | ekstremt | vildt | særlig | pisse*
            """),
        Group(.churn, 3, """
            aldrig igen | ser mig aldrig igen | skifter til | skifter vi | skifter bank | skifter selskab |
            skifter forsikring | opsiger | siger op | melder mig ud | meldt mig ud | flytter alle | flytter mine |
            handler aldrig | slettet appen | sletter appen | færdig med jer | er færdig med | et andet sted |
            finder et andet | kører den til | tager mine penge | flytter jeg | flytter vi | til et andet selskab |
            bytter bank | bytter til | skifter jeg |
            siger jeg op | opsiger jeg | siger vi op | opsiger vi
            """),
        Group(.escalation, 3, """
            forbrugerrådet | forbrugerrådet tænk | forbrugerklagenævnet | klagenævn* | ankenævn* | ombudsmand* |
            advokat | retten | datatilsynet | fødevarestyrelsen | pressen | journalist | medierne | trustpilot |
            anmeldt jer | anmelder jer | alle skal vide | skal alle vide | opfordrer alle | boykot* |
            politianmeld* | forbrugerombudsmand*
            """),
        Group(.harm, 3, """
            allergi* | skadestue* | hospital* | sygehus* | forgiftning | madforgiftning | kastede op | livsfarlig* |
            farlig | farligt | kaldes tilbage | tilbagekald* | væltede ned | blå mærker | kom til skade | indlagt |
            brandfare |
            svindel | bedrageri | nødspor*
            """),
        Group(.repeat, 3, """
            tredje gang | anden gang | fjerde gang | femte gang | igen og igen | endnu en gang | stadig ikke |
            stadig ikke løst | klagede efter | har klaget | allerede klaget | skrevet til jer to gange |
            to gange uden svar
            """),
        Group(.anger, 3, """
            klovne | idioter | amatører | skandale | skandaløs* | pinligt | rasende | vred | for helvede | lort |
            skodt | skod | skodfirma | skodservice | ulækker | fuldstændig uacceptabelt
            """),
        Group(.thirdParty, 1, """
            et andet selskab | andet selskab | min gamle | mit gamle | vores gamle | tidligere selskab |
            vejret | det regner | stormen | andre butikker | andre webshops | kommunen | naboens | naboen |
            skiftede fra | skiftet fra | gik fra | konkurrenten | staten | regeringen
            """),
        Group(.solved, 2, """
            uden problemer | rykkede mig | flyttede mig | løste | fikset hurtigt | hjalp mig | reddet |
            forklarede alt | fik svar
            """),
        Group(.wish, 2.5, """
            ville være rart hvis | ville være fedt hvis | ville være nice | ku være nice | kunne være nice |
            kunne være rart | ønske | er det noget i arbejder på | forslag
            """),
        Group(.news, 3, """
            oplyser | ifølge | åbner sit | åbner i | søger en | ansøgning | fuld tid | medarbejdere |
            forventer at ansætte | direktør | pressemeddelelse | omsætning
            """),
        Group(.sarcasm, 2, """
            elsker hvordan | elsker at | tak for ingenting | super gennemsigtigt | meget gennemsigtigt | my ass
            """),
        Group(.ironicOpener, 2, "fantastisk | perfekt | super | herligt | dejligt | godt | flot | fedt | skønt | fint"),
        Group(.contrast, 1, "men | dog | til gengæld"),
        Group(.concession, 2.5, "fair nok | helt fint | helt ok | ingen klager herfra"),
        Group(.question, 1.3, "hvorfor | hvordan kan det | hvad sker der"),
    ]
}
