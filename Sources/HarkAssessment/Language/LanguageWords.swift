/// The word lists language identification is built from: function words and everyday words of
/// customer messages, written for this project. Words appear as people write them; they are folded
/// (case, diacritics) like the text. A word in several lists counts for each.
enum LanguageWords {
    static let english = """
        the a an and or but of to in on at for with from by about as is are was were be been being have has had
        do does did done not no it its this that these those there here i me my we our us you your he she his
        her they them their what which who whom why how when where if then than so too very just also only
        can could would should will shall may might must get got getting make made again still after before
        since until because while yesterday today tomorrow week month year order ordered delivery arrived
        please thanks thank hi hello dear regards sorry any some all every nothing anyone someone nobody
        one two three first second third time times day days said says told asked know think want need like
        love really much many more most out up down over into off back new old good great bad never always
        ever way still anything something everything which whose while though although however cant dont
        didnt wasnt isnt wont im ive its thats theres couldnt wouldnt shouldnt doesnt havent hasnt arent
        work working works charged account money price customer service support staff team app website
        """
    static let danish = """
        og i jeg det at en et den til er som på de med han af for ikke der var mig sig men har om vi min
        havde hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev
        kunne ind når være været noget nogen hvis også efter meget jeres jer dig din dit mit mine vores
        sine bare lige igen kun hos hvorfor hvordan hvem hvilken gang gange siden stadig aldrig altid tak
        hej mvh venlig hilsen bestilte bestilt købte købt leveret levering pakken ordre kunde kundeservice
        penge pris prisen regning faktura svar svaret ringede skrev fik få får synes tror ved kan må
        godt dårlig mad maden tid dage uge uger måned år timer først sidste næste nye gamle helt meget
        rigtig ret lidt sådan sammen mellem uden ingen intet aldrig selvom fordi mens endnu snart
        virker sendt sende sagde spurgte ville skulle burde kommer kom gik gør gjorde gjort lave lavet
        have haft gennem løbet året nogle sådan hvilket derfor måske mulig muligt tydeligt vigtigt
        medarbejdere ansætte forventer fortælle købe sælge spise hjem hjemme dag aften morgen lidt
        hvornår nogensinde slet ringe sad spørge spurgt mange mere lige nok plads ned op ud af bliver
        blive åbner åben lukket jul juledag sidder står stod fandt finde tage tager taget bruge brugt
        hjælp hjælpe hjælper vide viste kigge kigget snakke snakket rigtigt nemt nemlig egentlig selvfølgelig
        """
    static let norwegian = """
        og i jeg det at en et ei den til er som på de med han av for ikke ikkje der var meg seg men har om vi
        min hadde hun nå over da fra du ut sin dem oss opp man hans hvor eller hva skal selv her alle vil
        ble kunne inn når være vært noe noen hvis også etter mye dere deres deg din ditt mitt mine vår
        våre sine bare igjen kun hos hvorfor hvordan hvem hvilken gang ganger siden fortsatt aldri alltid
        takk hei mvh vennlig hilsen bestilte bestilt kjøpte kjøpt levert levering pakken ordre kunde
        kundeservice penger pris prisen regning faktura svar svart ringte skrev fikk få får synes tror vet
        kan må godt dårlig mat maten tid dager uke uker måned år timer først siste neste nye gamle helt
        veldig litt sånn sammen mellom uten ingen aldri selv om fordi mens ennå snart virker sendt sende
        sa spurte ville skulle burde kommer kom gikk gjør gjorde gjort lage laget eg ein eit ikkje kva
        korleis berre frå meir ho dei me noko å vårt ha hatt gjennom løpet året noen sånn derfor
        kanskje mulig tydelig viktig medarbeidere ansette forventer fortelle kjøpe selge spise hjem
        hjemme dag kveld morgen litt går gått fått jobb fryse trenger lurer
        åpner åpen stengt helga helgen blir bli sånn mye ned opp ut av hva ingenting nevnte nevne kjempe
        kjøpt egentlig hjelp hjelpe hjelper vite visste spørre spurt mange mer nok plass finne fant ta
        tar tatt bruke brukt snakke snakket selvfølgelig lett heller skjedd skjer ikkje nokon
        """
    static let swedish = """
        och i jag det att en ett den till är som på de med han av för inte där var mig sig men har om vi min
        hade hon nu över då från du ut sin dem oss upp man hans var eller vad ska skall själv här alla vill
        blev kunde in när vara varit något någon några om också efter mycket er ert era dig din ditt mitt
        mina vår våra sina bara igen bara hos varför hur vem vilken gång gånger sedan fortfarande aldrig
        alltid tack hej mvh vänliga hälsningar beställde beställt köpte köpt levererad leverans paketet
        order kund kundtjänst pengar pris priset räkning faktura svar svarat ringde skrev fick få får
        tycker tror vet kan måste bra dålig mat maten tid dagar vecka veckor månad år timmar först sista
        nästa nya gamla helt väldigt lite sådan tillsammans mellan utan ingen inget inga aldrig fast
        eftersom medan ännu snart fungerar skickat skicka sa frågade skulle borde kommer kom gick gör
        gjorde gjort göra inte ens redan igår idag imorgon ha haft genom året några sådant därför
        kanske möjligt tydligt viktigt medarbetare anställa förväntar berätta köpa sälja äta hem
        hemma dag kväll morgon går gått fått jobb frysa behöver undrar
        öppnar öppen stängd helgen blir bli mycket ner upp ut vad ingenting nämnde jätte köpte
        egentligen hjälp hjälpa hjälper veta visste fråga frågat många mer nog plats hitta hittade ta
        tar tagit använda använt prata pratat självklart lätt hellre hänt händer också
        """
}
