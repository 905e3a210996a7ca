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
            wifi | line | strøm* | ström* | power | electricity | meter | måler* | mätare* | outage | nede | nere |
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
            mins | minutes | hours | cancelled | canceled | flight | flyet | kansellert | aflyst | inställd |
            kom ingen | ingen kom | turn up | show up | wrong address | roadside | driver | shipping | shipped |
            dispatch* | timme | time | hour |
            levering* | leveringen | leveret | pakke* | kurér | tracking* | ventede | venter | vente | forsinket |
            forsinkelse | udebliver | udeblev | transporten | kassen | mast | timer | vejhjælp* |
            leverer | leverte | sporing* | ventet | kø | esken | knust | ferdig | hente | sjåfør* | feil adresse |
            leverans* | levereras | paket* | spårning* | väntade | väntar | kön | kö | kartongen | mosad | timmar |
            bärgning* | budet | missar | försenad | ready | klar | færdig | stod
            """),
        Group(.billing, 1.5, """
            price | prices | billing | fakturering | charged | charge | charging | refund | refunded | fee | fees | invoice | bill |
            subscription | membership fee | cost | costs | quoted | quote | overcharged | expensive | paid | pay |
            payment | vat | pris | prisen | prisstigning | trukket | refunder* | gebyr | faktura* | regning* |
            abonnement* | kr | kroner | kostede | koster | betale | betalt | dyrt | selvrisiko | opsagde |
            opsige | oppsigelse | si opp | sa opp | premie* | trekker | tilbakebetal* | fakturert |
            avgift* | debiter* | tar betalt | betalning | bindningstid | bindning | provperiod* | kostnad | dragit |
            snålt | makulera | avsluta* | priset | höjer | kronor | cancelled my | chargeback | money back |
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
            app | website | site | portal | login | log in | logged | password | session | crash* | bug | error |
            update | sync | browser | chrome | firefox | iphone | android | online | postcode field |
            booking | account | appen | hjemmeside* | log ind | logge | koden | opdatering* | crasher | fejl |
            fejlen | book | nettside* | nettsiden | innlogging* | logget | passord* | token | oppdatering* |
            krasj* | feilmelding | bankid | sajt* | webbplats* | logga | lösenord | synk* | kraschar |
            formuläret | webbläsare | uppdatering* | rabattkoden | snurrar | låst ute | system | systemet
            """),
        Group(.delivery, 0.7, "fragt | frakt | shipping cost"),
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
