import HarkCore

extension BuiltinLexicon {
    static let norwegianProblems: [Group] = [
        Group(.negative, 1.5, about: .product, """
            slutta å virke | sluttet å virke | gått i stykker | knitrer | skrangler | bråker | starter ikke |
            lader ikke | ute av drift | ute av funksjon | ubrukelig* | skjev | revnet | sprukket | sprekk |
            riper | bulk | lekker | drypper | mugg | råtten | utgått | gått ut på dato | lunken | halvkald |
            stinker | dårlig kvalitet | skrøpelig | fra hverandre | ingen strøm | ikke strøm | røk | hakker
            """),
        Group(.negative, 1.5, about: .digital, """
            henger seg opp | fryser | krasjer | kræsjer | feilmelding | feilkode | logger meg ut |
            kaster meg ut | ikke noe valg | ikke nett | blir tom | får ikke logget
            """),
        Group(.negative, 1.5, about: .delivery, """
            har ikke kommet | kom ikke | kom aldri | ikke kommet | i kø | lang kø | sto i kø | kø helt |
            for sent | alt for sent | forsinka | forsinket | forsinkelse | kansellert | innstilt | kort varsel |
            møtte ikke opp | dukket ikke opp | i ukevis
            """),
        Group(.negative, 1.5, about: .process, """
            ingen svar | ikke svart | ingen svarer | ingen oppdatering | ingen beskjed | null info | ingen info |
            ingen informasjon | hører ingenting | uten varsel | sendt rundt | frem og tilbake | fram og tilbake |
            sendte meg til | sendte meg tilbake | sendte meg videre | satt over | ingen vet | ingen kan svare |
            ingen tar ansvar | byråkrati* | papirarbeid | møte opp | samme papirer | samme dokumenter |
            urimelig* | urettferdig* | ikke rettferdig | ingen ringte tilbake | ringte aldri tilbake |
            hørt ingenting | ikke hørt noe | useriøst | ny saksbehandler
            """),
        Group(.negative, 1.5, about: .service, """
            sure | kort i tonen | korte | avvisende | likegyldig | brydde seg ikke | ikke interessert |
            uinteressert | på mobilen | i telefonen | hørte ikke etter | lyttet ikke | nedlatende |
            uprofesjonell* | inkompetent* | ante ikke | visste ikke | aner ikke | kjefta | kjeftet | skjelte |
            ropte | banna | aggressiv | trakk på skuldrene | ikke et smil | ingen unnskyldning | kalte meg
            """),
        Group(.negative, 1.5, about: .billing, """
            trakk | trukket | belastet | tok betalt | ta ekstra betalt | ekstra betalt | ekstra gebyr |
            purregebyr | prisøkning | økt prisen | satt opp prisen | dyrere | nesten dobbelt | alt for dyrt |
            for dyrt | feil beløp | feil faktura | feil på fakturaen | ikke refundert | ikke fått pengene |
            svindel | svindlere | svindlerne | lureri | lurt | grådig* | ikke verdt pengene |
            bortkastede penger | smålig
            """),
        Group(.negative, 1.5, about: .other, """
            uansvarlig* | uetisk | umoralsk | grønnvask* | villedende | engangsplast | smakløs* | upassende |
            krenkende | rasistisk | sexistisk | reklamen | reklamefilm*
            """),
        Group(.negative, 1.5, """
            ikke fornøyd | ikke glad | ikke imponert | ikke greit | ikke ok | ikke godt nok | ikke akseptabelt |
            forventer mer | forventet mer | forventer bedre | skuffa | kjipt | surt | for mye | seriøst |
            kom igjen | er det virkelig | må man virkelig | hvem tenkte | dårligere | verre | tull | tullete |
            ekkel | ekkelt | hver eneste | burde dere ikke | ikke lenger | forsvant | finner ikke | enda ikke |
            ikke fått | har ikke fått | venter fortsatt | ingen anelse | gir opp
            """),
        Group(.negative, 1.5, """
            under enhver kritikk | stemmer ikke | ingen ringer tilbake | ingen tar telefonen | lukta |
            ødelagt | ødela
            """),
        Group(.negative, 1, "trass i | til tross for | fikk beskjed | påstår"),
        Group(.negative, 1, "dessverre | synd | bekymret | utrygg"),
        Group(.churn, 3, """
            aldri mer | aldri i livet | handler ikke der mer | ikke der mer | annen leverandør |
            ny leverandør | annen bank | har sagt opp | sagt opp | boikott* | gir opp dere | sletter kontoen
            """),
        Group(.harm, 3, "taper penger | tapte penger | mister penger | kostet meg"),
        Group(.anger, 3, "rene svindlerne | skamme dere | skam dere | fy faen | helt sykt"),
        Group(.escalation, 3, """
            tripadvisor | anmeldelse | dårlig anmeldelse | sosiale medier | deler dette | deler det overalt |
            bestridt | finansklagenemnda | forbrukertilsynet | finanstilsynet | politianmeld*
            """),
    ]

    static let swedishProblems: [Group] = [
        Group(.negative, 1.5, about: .product, """
            slutat fungera | slutade fungera | gått sönder | gick sönder | knastrar | skramlar | startar inte |
            laddar inte | ur funktion | ur drift | oanvändbar* | långsam* | jättelångsam* | sned | spricka |
            sprucken | repa* | buckla | läcker | droppar | mögel | möglig | rutten | utgånget | ljummen |
            stinker | dålig kvalitet | usel kvalitet | ömtålig | föll isär | faller isär | glappar | glapp |
            ingen ström | inget varmvatten | lägger av | lyser motorlampan | motorlampan
            """),
        Group(.negative, 1.5, about: .digital, """
            funkar inte | hänger sig | kraschar | stänger ner | felmeddelande* | felkod | loggar ut mig |
            kastar ut mig | tappar ljudet | inget internet | sessionen | går inte att logga
            """),
        Group(.negative, 1.5, about: .delivery, """
            har inte kommit | kom inte | kom aldrig | inte kommit | i kö | lång kö | stod i kö | köade |
            för sent | alldeles för sent | försenad* | försening* | inställd* | ställde in | kort varsel |
            dök inte upp | i veckor
            """),
        Group(.negative, 1.5, about: .process, """
            inget svar | inte svarat | ingen uppdatering | inget besked | ingen info | ingen information |
            hör ingenting | utan förvarning | skickade mig | skickades runt | fram och tillbaka | bollade |
            bollas | ingen vet | ingen kan svara | ingen tar ansvar | ingen vill äga | byråkrati* |
            pappersarbete | samma papper | orimlig* | orättvis* | inte rättvist | ingen ringde tillbaka |
            ringde aldrig tillbaka | hört ingenting | inte hört något | krångligt | krånglig | blankett
            """),
        Group(.negative, 1.5, about: .service, """
            sur | sura | ohövlig* | kort i tonen | avvisande | likgiltig* | brydde sig inte | ointresserad* |
            inte intresserad | i mobilen | på mobilen | lyssnade inte | nedlåtande | oprofessionell* |
            inkompetent* | hade ingen aning | visste inte | skällde | svor | aggressiv* | ryckte på axlarna |
            inte ett leende | ingen ursäkt | pratade över huvudet | kunde inte svara | kallade mig
            """),
        Group(.negative, 1.5, about: .billing, """
            drog | dragit | debiterade | debiterat | dubbeldebiter* | tog betalt | extra avgift |
            påminnelseavgift | prishöjning | höjt priset | höjde priset | dyrare | nästan dubbelt |
            alldeles för dyrt | för dyrt | fel belopp | fel faktura | felaktig faktura | inte återbetal* |
            inte fått pengarna | bedrägeri | bedragare | lurad | lurade | girig* | inte värt pengarna |
            bortkastade pengar | snålt
            """),
        Group(.negative, 1.5, about: .other, """
            oansvarig* | oetisk* | omoralisk* | grönmålning | vilseledande | engångsplast | smaklös* |
            olämplig* | kränkande | rasistisk* | sexistisk* | äkta päls | sponsrar
            """),
        Group(.negative, 1.5, """
            inte nöjd | missnöjd | inte glad | inte imponerad | inte okej | inte ok | inte bra | inte acceptabelt |
            förväntar mig mer | förväntade mig mer | tråkigt | för mycket | seriöst | kom igen |
            är det verkligen | måste man verkligen | vem tänkte | sämre | värre | löjlig* | otidsenlig* |
            gillar inte | äckligt | äcklig | varje gång | inte längre | försvunnit | hittar inte | ännu inte |
            har inte fått | inte fått | väntar fortfarande | ingen aning | snopet | ovärdigt
            """),
        Group(.negative, 1.5, """
            under all kritik | stämmer inte | ingen ringer tillbaka | ingen svarar | luktade | förstörd |
            förstört | förstörda | gick inte att | drogs
            """),
        Group(.negative, 1, "trots att | fick höra | påstår"),
        Group(.negative, 1, "tyvärr | synd | orolig | otrygg"),
        Group(.churn, 3, """
            aldrig mer | handlar inte där | annan leverantör | ny leverantör | annan bank | sagt upp |
            har sagt upp | bojkott*
            """),
        Group(.harm, 3, "förlorar pengar | förlorat pengar | förlorade pengar | kostat mig | i sjön"),
        Group(.anger, 3, "skäms | borde skämmas | skäms på er | fy fan | helt sjukt | jävla"),
        Group(.escalation, 3, """
            tripadvisor | recension | dålig recension | sociala medier | delar detta | polisanmäl* |
            finansinspektionen | bestridit | bestred | facebook | anmält
            """),
    ]
}
