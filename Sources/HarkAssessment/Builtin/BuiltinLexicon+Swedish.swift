extension BuiltinLexicon {
    /// Swedish cues.
    static let swedish: [Group] = [
        Group(.negative, 1.5, """
            trasig* | sönder | gick sönder | defekt | spräckt | mosad | knarrar | saknas | fel | felet |
            fungerar inte | funkar inte | kraschar | snurrar | låst ute | kommer inte in | otrevlig | oförskämd |
            ohjälpsam | dålig | dåligt | dåliga | missnöjd | besviken | irriterad | irriterande | frustrerad |
            oacceptabel* | löjlig* | snålt | för dyrt | dubbeldebiter* | inget svar | ingen har svarat | inte ens |
            ingen ringde | väntar fortfarande | väntade | försenad | försenat | sen leverans | kallt | kall | torr |
            bränd | slarvigt | slarv | byråkrat* | krångligt | inte kul | suckade | lät irriterad | problem |
            problemen | klagomål | klagade | klaga | reklamera | obefintlig | seriöst | står still |
            fel på | inte så hjälpsamt | knappt | bara löjligt | trots | utan att det hänt | inte raketforskning |
            för hög | för högt | så högt | hungrig | hungriga | nere | legat nere | omöjlig* | orimlig* | långsam |
            långsamt | segt | aldrig fått |
            inte fått | har inte fått | fel vara | ljög | väntetid | spärrat | nekad | mögel | läcker | ingen kom |
            kom aldrig | dök aldrig upp | ingen har ringt | ingen svarar | svarar inte | dragit två gånger |
            dubbelt så | pengarna tillbaka | utan förvarning | utan anledning | inställd | inställt | stod i kö |
            i en timme | inte okej | varför måste jag | varför ska jag | varför måste man
            """),
        Group(.negative, 0.6, """
            lovade att | två gånger | i rad | hallå | igen | fortfarande | återbetal* | avgift | dyrt
            """),
        Group(.positive, 1.5, """
            tusen tack | stort tack | nöjd | grym | grymt | toppen | perfekt | rekommender* | trevlig | trevliga |
            lugn | hjälpsam | snäll | guld värda | går som ny | utan att blinka | snyggare | bästa | älskar det |
            fantastisk | fantastiskt | glada hela tiden | inte ett enda klagomål | inga klagomål | imponerad |
            inget fel | smakade bra | varför väntade jag | varför gjorde jag inte | inget att klaga på
            """),
        Group(.positive, 0.8, "tack | glad | bra | gott | fint | super | älskar | schysst | okej | varm"),
        Group(.positive, 0, "vänliga hälsningar | hälsningar | med vänlig hälsning | tack på förhand | mvh"),
        Group(.negator, 1, "inte | ej | ingen | inget | inga | aldrig | utan | varken | inte ens"),
        Group(.intensifier, 1, """
            väldigt | mycket | jätte | helt | totalt | fullständigt | så | alldeles | extremt | riktigt | sjukt
            """),
        Group(.churn, 3, """
            aldrig mer | aldrig igen | säger upp | sagt upp mig | avslutar | byter till | byter bank | och byter |
            byter bolag | handlar aldrig | raderat appen | tar bort appen | avbeställer | någon annanstans |
            lämnar bilen | lämnar er | hej då | säger jag upp | säger vi upp | till ett annat bolag
            """),
        Group(.escalation, 3, """
            arn | allmänna reklamationsnämnden | reklamationsnämnd* | konsumentverket | konsumentombudsman* |
            ombudsman* | advokat | tingsrätt* | imy | datainspektionen | anmäler ärendet | anmäler er | anmält er |
            anmält det | polisanmäl* | miljöförvaltning* | livsmedelsverket | sprida det | överallt | bojkott* |
            media | pressen | journalist | kronofogden
            """),
        Group(.harm, 3, """
            allergi* | vården | sjukhus* | akuten | matförgiftning | magsjuka | förgiftad | livsfarlig* | farlig |
            farligt | började ryka | ryka | smälte | brandvarnare* | dras tillbaka | återkalla* | skadad | inlagd |
            astma | bedrägeri
            """),
        Group(.repeat, 3, """
            tredje gången | andra gången | fjärde gången | femte gången | ännu en gång | igen och igen |
            fortfarande inte | klagade efter | har klagat | förra gången | gånger bett | anmälde felet
            """),
        Group(.anger, 3, """
            pajasar | idioter | clowner | amatörer | skandal* | skamligt | rent hån | förbannad | rasande |
            pinsamt | skämt | totalt oacceptabelt
            """),
        Group(.thirdParty, 1, """
            mitt gamla | min gamla | vårt gamla | snöoväder* | vädret | stormen | andra butiker | kommunen |
            grannen | grannens | bytte från | bytt från | gick från | vårdcentralen | staten | regeringen |
            konkurrenten
            """),
        Group(.solved, 2, "utan att blinka | flyttade mig | hjälpte mig | löste | fixade | fick svar"),
        Group(.wish, 2.5, """
            skulle vara grymt om | skulle vara bra om | skulle vara toppen om | vore toppen om | vore bra om |
            vore grymt om | önskemål | förslag | roadmap* | finns det planer
            """),
        Group(.news, 3, """
            enligt | pressmeddelande | öppnar ett | öppnar i | söker en | heltid | kollektivavtal |
            räknar med att anställa | tar över
            """),
        Group(.sarcasm, 2, "älskar hur | älskar att | så transparent | tack för ingenting | premium ja"),
        Group(.ironicOpener, 2, "toppen | perfekt | underbart | fantastiskt | snyggt | härligt | grymt | super"),
        Group(.contrast, 1, "men | dock | däremot"),
        Group(.concession, 2.5, "helt okej | helt ok | inget att klaga på"),
        Group(.question, 1.3, "varför | hur kan"),
    ]
}
