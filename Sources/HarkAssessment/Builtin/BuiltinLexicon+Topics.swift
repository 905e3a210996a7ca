import HarkCore

extension BuiltinLexicon {
    /// Category keywords in all four languages: what a complaint is about.
    static let topics: [Group] = [
        Group(.product, 1.5, """
            quality | faulty | defective | broken | broke | wobbly | wobbles | leg | screws | shed | fluff | dry |
            portion | tasted | taste | burnt | stale | salty | undercooked | cold food | product | item | brakes |
            brake | recalled | recall | allergy | allergic | nut free | tipped over | snapped | bracket | creaks |
            kvalitet | defekt | knækket | knækkede | vakler | vipper | skruer | ben | tør | portion* | smagte |
            brændt | produkt* | varen | reol* | beslag* | allergi* | nøddefri | væltede | kaldes tilbage |
            knakk | tørr | slapp | smakte | nuppe* | manglet | skuffe* | håndtak | skinne* | bremse* | livsfarlig* |
            tas av markedet | varen | trasig | sönder | gick sönder | knarrar | skruvar | salt | genomstekt* |
            smakade | locket | kontakten | ryka | smälte | dras tillbaka | magsjuka | matförgiftning | musslor* |
            lid | handle | stitching | zip | battery | batteri | screen | skærm | skjerm | skärm | material | fabric |
            stof | stoff | tyg | size | størrelse | storlek | fits | passer | mold | mould | mug | rust |
            internet* | broadband | bredbånd* | bredband* | router | signal | coverage | dekning | täckning |
            wifi | strøm* | ström* | power | electricity | meter | måler* | mätare* | outage | nede | nere |
            dropped out | mögel | mugg | skimmel | medicin* | medisin* | forkerte | styrke | leak* | room | værelse* |
            rommet | rummet | hotellrum*
            """),
        Group(.service, 1.5, """
            staff | employee | agent | waiter | waitress | receptionist | mechanic | front desk | rude | unfriendly |
            attitude | behaviour | behavior | spoken to | rolled his eyes | rolled her eyes | laughed | told me |
            manager | cashier | unhelpful | service was | personale | medarbejder* | ansat | servitrice |
            receptionen | mekanikeren | fyren | uhøflig | sur | opførsel | grinede | himlede | afbrød |
            talte | sagde til | servitøren | saksbehandler* | ansatte | frekk | uinteressert | behandling |
            kalte | sukket | han jeg snakket med | personal | personalen | receptionisten | handläggare* |
            mekanikern | otrevlig | oförskämd | bemötande | skrek | kommenterade | pt | lät irriterad | suckade |
            behandlingen | i butikken | in the shop | in store | i butiken | la på røret | hung up |
            impolite | arrogant | condescending | nedladende | kassedame | ekspedient* | butikspersonal
            """),
        Group(.delivery, 1.5, """
            delivery | delivered | deliver | parcel | package | courier | tracking | arrived | arrive | late |
            delayed | delay | waited | wait | waiting | queue | queues | no show | next day | transit | box |
            cancelled | canceled | flight | flyet | kansellert | aflyst | inställd |
            kom ingen | ingen kom | turn up | show up | wrong address | roadside | driver | shipping | shipped |
            dispatch* |
            levering* | leveringen | leveret | pakke* | kurér | tracking* | ventede | venter | vente | forsinket |
            forsinkelse | udebliver | udeblev | transporten | kassen | mast | vejhjælp* |
            leverer | leverte | sporing* | ventet | kø | esken | knust | hente | sjåfør* | feil adresse |
            leverans* | levereras | paket* | spårning* | väntade | väntar | kön | kö | kartongen | mosad |
            bärgning* | budet | missar | försenad | 
            """),
        Group(.billing, 1.5, """
            price | prices | billing | fakturering | charged | charging | refund | refunded | fee | fees | invoice |
            bill |
            subscription | membership fee | quoted | quote | overcharged | expensive |
            vat | pris | prisen | prisstigning | trukket | refunder* | gebyr | faktura* | regning* |
            abonnement* | dyrt | selvrisiko | opsagde |
            opsige | oppsigelse | si opp | sa opp | premie* | trekker | tilbakebetal* | fakturert |
            avgift* | debiter* | tar betalt | betalning | bindningstid | bindning | provperiod* | kostnad | dragit |
            snålt | makulera | avsluta* | priset | höjer | cancelled my | chargeback | money back |
            tariff | contract | raised my | hike |
            kontrakt | avtale | avtal | pengarna | pengene | dobbelt | dubbelt | twice |
            *gebyr | *gebyret | *avgift | *avgiften | *priset | *prisen | *faktura | *fakturaen | *fakturan
            """),
        Group(.process, 1.5, """
            no reply | nobody replied | replied | no answer | heard nothing | passed between | bureaucratic |
            bureaucracy | documents | procedure | process | policy | promised | call back | claim | decision |
            only lets you | phoning between | status | form | receipt | same documents | written to | email |
            emails | ingen svar | svaret | frem og tilbage | bureaukrat* | dokumenter | procedure | proces* |
            lovet | lovede | ringet op | skadesanmeld* | sagen | afgørelse | kvittering | ringe mellem | hørt |
            svart | byråkrat* | bildene | avgjørelse | saken | originalkvittering | lovet å ringe | e posten |
            e post | automatisk bekreftelse | ringte | svarat | mejl | mejlet | underlag | intyg | lovade |
            uppringd | beslut | ärende* | automatiskt svar | höra av sig | samma hus | kundtjänst | skadeavdelning
            """),
        Group(.digital, 1.5, """
            app | website | site | portal | login | log in | logged | password | crash* | bug | error |
            update | sync | browser | chrome | firefox | iphone | android | postcode field | account | appen |
            hjemmeside* | log ind | logge | koden | opdatering* | crasher | fejl |
            fejlen | nettside* | nettsiden | innlogging* | logget | passord* | token | oppdatering* |
            krasj* | feilmelding | bankid | sajt* | webbplats* | logga | lösenord | synk* | kraschar |
            formuläret | webbläsare | uppdatering* | rabattkoden | snurrar | låst ute | system | systemet
            """),
        Group(.delivery, 0.7, "fragt | frakt | shipping cost"),
        Group(.billing, 1.5, """
            *regning | *regningen | *opgørelse | opgørelse* | *räkning | *räkningen | fakturor | fakturaer |
            statement | statements | interest | apr | fees | autogiro | betalingsservice | avtalegiro
            """),
        Group(.product, 1.5, """
            dekningen | täckningen | dækning | dækningen | mugne | mugnet | gått ut | utgått | sole | sula |
            utan bredband | uten nett | uden internet | without broadband
            """),
        Group(.delivery, 0.5, "minutes | mins | hours | minutter | timer | minutter | minuter | timmar | timme | time"),
        // Money mentioned in passing ("I paid 900 kr for it") says little about what went wrong.
        Group(.billing, 0.5, """
            kr | kroner | kronor | charge | cost | costs | paid | pay | payment | kostede | koster | betale |
            betalt | betalte | betala | betalade | betalat | kostar | kostade | kostet
            """),
        Group(.digital, 0.5, "online | booking | session"),
        Group(.service, 1.5, """
            adviser | advisor | salesperson | seller | technician | pharmacist | rider | cabin crew | crew |
            conductor | trainer | instructor | doctor | nurse | rådgiver | rådgiveren | sælger* | selger* |
            säljare* | säljaren | tekniker* | farmaceut* | kabinpersonal* | konduktør* | instruktør* | læge |
            lege | sygeplejerske | sykepleier | sjuksköterska | medarbejder
            """),
        Group(.product, 1.5, """
            zip | zipper | glidelås | lynlås | blixtlås | engine | motor | gearbox | girkasse* | växellåda |
            treadmill | løbebånd | løpebånd* | löpband | charger | oplader | lader | laddare* | laddaren | cable |
            kabel | kabeln | headphones | høretelefoner | hodetelefoner | hörlurar | kettle | elkedel* |
            vannkoker | vattenkokare | jacket | jakke | jakka | jacka | heat pump | varmepumpe | värmepump* |
            yogamåtte | måtte | matta
            """),
        Group(.digital, 1.5, """
            netbank* | nettbank* | internetbank* | mina sidor | mine sider | min side | knappen | button |
            redesign | nyt design | nytt design | ny design | kunderegister* | handlekurven blir
            """),
        Group(.process, 1.5, """
            papers | papirer | handlingar | handlinger | dokumentation | reklamasjon | reklamation | dødsbo* |
            dödsbo* | skadesak | claim | medlemskap* | membership | frys* | blankett | blanket | purring
            """),
        Group(.other, 1.5, """
            advert | adverts | ads | sponsor* | environment | miljø | miljøet | miljö | miljön | plastic |
            plast | fur | pels | päls | ethics | etisk | sewage | kloak* | avlopp | animal welfare
            """),
        Group(.digital, 0.7, "checkout | kassen i appen"),
        Group(.other, 1.5, """
            music | noise | loud | ventilation | parking | advert* | billboard | campaign | commercial |
            personal data | spam | gdpr | privacy | smell | musik* | støj | larm | høj | ventilation* |
            parkering* | reklame* | kampagne | oplysninger | data | kampanje | personopplysninger | reklamfilm* |
            personuppgifter | uppgifter | luktar | partners | partner* | samarbejdspartner* | kroppsskam |
            boycott* | boykot* | boikott* | bojkott*
            """),
    ]
}
