import HarkCore

extension BuiltinLexicon {
    /// Problems told plainly, without a sentiment word: what broke, what is late, who was curt, what
    /// cost too much, in all four languages. Grouped by what the customer describes (each group names
    /// the category it points to), not by example.
    static var plainProblems: [Group] { englishProblems + danishProblems + norwegianProblems + swedishProblems }

    static let englishProblems: [Group] = [
        Group(.negative, 1.5, about: .product, """
            not working properly | doesnt work properly | wont turn on | wont start | wont charge | wont close |
            wont open | crackl* | rattl* | squeak* | out of order | out of action | not fixed | fell apart |
            falls apart | falling apart | came apart | came off | fell off | peeling | ripped | scratched |
            dented | stained | leaks | leaked | shrank | shrunk | faded | flimsy | arrived torn | was torn |
            is torn | torn seam | cheaply made | shoddy |
            poorly made | poor quality | low quality | expired | out of date | gone off | mouldy | moldy | rotten |
            inedible | lukewarm | undercooked | stinks | not charging | dies within | stopped working |
            no signal | no internet | no power | no hot water | no heating
            """),
        Group(.negative, 1.5, about: .digital, """
            wont load | doesnt load | not loading | keeps freezing | freezes | froze | glitch* | buggy |
            logs me out | logging me out | logged me out | log in from scratch | kicked me out | error message |
            error code | blank screen | times out | timed out | session expired | cant access | cant get into |
            wont sync | doesnt sync | doesnt save | wont save | page wont | button doesnt | deleted my | lost all
            """),
        Group(.negative, 1.5, about: .delivery, """
            in the queue | long queue | queued | understaffed | short staffed | didnt come | never came |
            did not come | never showed | missed my | missed the | stood in the rain | held up |
            behind schedule | overdue | running late | short notice | hasnt moved | not moved | took ages |
            weeks later | over a week late | still no sign | cancelled our flight | cancelled the flight
            """),
        Group(.negative, 1.5, about: .process, """
            yet to receive | yet to hear | no update | no updates | no news | no word | only had an automated |
            automated reply | chasing | chased | how much longer | no information | nobody told | no one told |
            nobody informed | without notice | no notice | bounced between | bounced around | back and forth |
            passed from | sent me to | sent me back | transferred me | told me to call | nobody knows |
            no one knows | nobody can tell | nobody could tell | no one could tell | takes responsibility |
            red tape | jump through | hoops | same documents | same papers | only by post | unfair | not fair |
            broken promise | never got back | never called back | didnt call back | nobody called back |
            nobody got back | no one got back | explain again | start again | still waiting for
            """),
        Group(.negative, 1.5, about: .service, """
            curt | short with me | snapped at | grumpy | dismissive | brushed off | brushed me off | shrugged |
            didnt care | couldnt care less | uninterested | disinterested | on his phone | on her phone |
            on their phone | didnt listen | wouldnt listen | not listening | talked over | talked down |
            patronising | patronizing | condescending | unprofessional | clueless | didnt know | seemed unsure |
            untrained | shouted | yelled | swore at | aggressive | hostile | scolded | blamed me | accused me |
            called me a | no smile | without a smile | no apology | not even an apology | didnt apologise |
            didnt apologize | had to come back | come back another day | treated like
            """),
        Group(.negative, 1.5, about: .billing, """
            overcharg* | charged me | billed me | billed twice | double billed | extra fee | extra charge |
            hidden charge | admin fee | late fee | late payment fee | reminder fee | penalty | surcharge |
            price rise | price went up | prices went up | putting the price up | put the price up |
            raising prices | raised prices | more expensive | almost double | nearly double | double the usual |
            much higher | way too high | wrong amount | incorrect bill | wrong bill | billing error |
            not refunded | still no refund | took money | taken money | deducted | debited | ripped off |
            daylight robbery | conned | swindl* | fraudulent | poor value | waste of money | cash grab |
            money grab | greedy | pay extra | paying extra | charging extra | charge extra | what im paying for |
            what i pay for | for the same | exactly the same
            """),
        Group(.negative, 1.5, about: .other, """
            irresponsible | unethical | immoral | greenwash* | deceptive | exploit* | harmful | wasteful |
            insensitive | inappropriate | distasteful | every ten minutes | too many emails | so many ads |
            spammed | sponsoring | sponsorship
            """),
        Group(.negative, 1.5, """
            not thrilled | not impressed | not happy | not pleased | not satisfied | not great | not good |
            not ok | not okay | not acceptable | not good enough | not really what | not the experience |
            expected better | expect better | expect more | expected more | should be better | could do better |
            do better | a shame | shame | pity | sad to see | irritat* | grating | tiresome | tired of |
            had enough | enough is enough | bothers me | bugs me | drives me | driving me | upset | angry |
            embarrassing | inconvenient | inconvenience | a pain | surely | does it really | do you really |
            is it really | what happened to | gone downhill | went downhill | getting worse | worse | lazy |
            stingy | not worth | no longer | disappeared | vanished | stopped | cant find | stuck | forever |
            ages | every single | too high | no idea
            """),
        // The vocabulary of written complaints about accounts, loans and cards.
        Group(.negative, 1.5, about: .billing, """
            interest charged | charged interest | charged a fee | charged me a | overdraft fee | went up by |
            increased by | roaming charge | zero notice | never set foot | not authorized | unauthorized |
            did not authorize | never authorized | misapplied | not applied | applied incorrectly |
            incorrectly applied | not reflected | shortage | promotional rate | promotional offer | not honored |
            not honoured | refused to honor | refused to refund | refused to waive | wont waive |
            would not waive | still charging | kept charging
            """),
        Group(.negative, 1.5, about: .process, """
            refused to | denied my | rejected my | put a hold | hold on my | froze my | closed my account |
            collection agency | debt collector | collections | harass* | calling me repeatedly |
            credit report | credit score | reported me late | reported late | still shows | still showing |
            never responded | did not respond | didnt respond | nobody picks up | no one picks up |
            nobody ever | no one ever | filed a dispute | disputed | in writing | does not match |
            doesnt match
            """),
        Group(.negative, 1.5, about: .product, """
            not as pictured | not as shown | looks nothing like | nothing like the | what arrived |
            not the color | wrong colour | wrong color | swelled | swollen | burning smell | smelled of burning
            """),
        Group(.negative, 1.5, about: .delivery, """
            still says | tracking still | label created | lost my bag | lost luggage | delayed bag |
            missed connection | missed my connection
            """),
        Group(.negative, 1, "despite | i was told | was told that | they told me | they claim | simply not"),
        Group(.negative, 1, "unfortunately | sadly | concerned | worried | uncomfortable | seriously | honestly"),
        Group(.churn, 3, """
            not anymore | no more | never ever | looking for another | looking for a new | other supplier |
            another supplier | another provider | another bank | new provider | cancelled my membership |
            cancelled my subscription
            """),
        Group(.harm, 3, "losing money | lost money | cost me | out of pocket"),
        Group(.anger, 3, "scammers | crooks | cowboys | should be ashamed | ashamed of yourselves | stupid cow"),
        Group(.escalation, 3, """
            tripadvisor | google review | bad review | leaving a review | disputed the charge | bank dispute |
            regulator | financial ombudsman | cfpb | attorney general | social media | sharing this |
            share this everywhere
            """),
    ]

    static let danishProblems: [Group] = [
        Group(.negative, 1.5, about: .product, """
            virker ikke ordentligt | holdt op med at virke | gået i stykker | går i stykker | knirker | knitrer |
            rasler | larmer | lukker ikke | starter ikke | lader ikke | kan ikke bruge | skæv | skævt | flænge |
            flosset | ridse* | bule | drypper | muggen | mug | rådden | råddent | udløbet | lunken | halvkold |
            stinker | dårlig kvalitet | ringe kvalitet | skrøbelig | fra hinanden | intet signal | ingen strøm |
            intet internet | intet varmt vand | motorfejl | ryge
            """),
        Group(.negative, 1.5, about: .digital, """
            hænger | fryser | frosset | lukker ned | kan ikke logge | kan ikke komme ind | kan ikke betale |
            fejlmeddelelse | fejlkode | logger mig ud | smider mig ud | logget ud | kan ikke finde knappen |
            gemme den væk | været nede
            """),
        Group(.negative, 1.5, about: .delivery, """
            er ikke kommet | kom ikke | kom slet ikke | har ikke fået | i kø | lang kø | stod i kø | for sent |
            alt for sent | kom for sent | aflyste | kort varsel | mødte ikke op | dukkede ikke op | udeblevet |
            stadig ingen | i ugevis | ugevis
            """),
        Group(.negative, 1.5, about: .process, """
            intet svar | ingen opdatering | ingen besked | ingen information | ingen info | hører intet |
            hørt intet | sendt rundt | stillet om | viderestillet | sendte mig videre | sendte mig til |
            sendte mig tilbage | ingen ved | ingen kan svare | ingen tager ansvar | papirarbejde |
            møde op personligt | samme papirer | uretfærdig* | ikke fair | ingen vendte tilbage |
            ringede aldrig tilbage | ingen ringede tilbage | ikke blev overdraget | forklare det hele igen |
            ingen at spørge
            """),
        Group(.negative, 1.5, about: .service, """
            sure | afvisende | ligeglad | ligeglade | ikke interesseret | uinteresseret | i telefonen |
            i sin telefon | på telefonen | lyttede ikke | hørte ikke efter | talte ned til | uprofessionel* |
            inkompetent* | anede ikke | vidste ikke | råbte | skældte ud | bandede | aggressiv | fornærmende |
            ikke et smil | uden et smil | ingen undskyldning | lidt tyndt | kaldte mig
            """),
        Group(.negative, 1.5, about: .billing, """
            overopkræv* | opkrævet | opkrævede | har trukket | trukket mig | trak mig | ekstra gebyr | rykkergebyr |
            hævet prisen | sat prisen op | sætter prisen op | sætte prisen op | dyrere | næsten dobbelt |
            alt for dyrt | for dyr | forkert regning | forkert beløb | forkert faktura | fejl på regningen |
            ikke refunderet | ikke fået pengene | svindel | svindlere | svindler | plattenslager* | fup |
            ågerpris* | grådig* | ikke pengene værd | spild af penge | smålig | betale ekstra | tage ekstra |
            fjerne gebyret | til den pris
            """),
        Group(.negative, 1.5, about: .other, """
            uansvarlig* | uetisk | umoralsk | grønvask* | vildledende | usmagelig* | upassende | krænkende |
            racistisk | sexistisk | miljøet | tænk lidt på
            """),
        Group(.negative, 1.5, """
            ikke tilfreds | ikke glad | ikke imponeret | ikke okay | ikke ok | ikke i orden | ikke godt nok |
            ikke acceptabelt | ikke hvad jeg | forventer mere | forventede mere | forventer bedre | ærgerlig* |
            øv | surt | for meget | tænk jer om | seriøst | er det virkelig | skal det virkelig | dårligere |
            værre | går ned ad bakke | doven | dovne | hver eneste | ikke længere | forsvundet | endnu ikke |
            slet ikke | tyndt | ingen anelse
            """),
        Group(.negative, 1.5, """
            under al kritik | stemmer ikke | ingen ringer tilbage | ingen tager telefonen | lugtede |
            ødelagt | ødelagde
            """),
        Group(.negative, 1, "trods | til trods for | fik at vide | påstår"),
        Group(.negative, 1, "desværre | synd | bekymret | utryg"),
        Group(.churn, 3, """
            aldrig nogensinde | aldrig mere | ikke mere | en anden udbyder | ny udbyder | anden bank |
            har opsagt | opsagt | annullerer
            """),
        Group(.harm, 3, "taber penge | tabt penge | mistet penge | koster mig | forbrænding"),
        Group(.anger, 3, "svindlere | skam jer | skamme jer | fy for | ynkelige | ynkeligt"),
        Group(.escalation, 3, """
            tripadvisor | anmeldelse | dårlig anmeldelse | sociale medier | deler det | deler dette |
            finanstilsynet | gjort indsigelse | indsigelse
            """),
    ]
}
