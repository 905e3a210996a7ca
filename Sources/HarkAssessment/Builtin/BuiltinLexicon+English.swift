extension BuiltinLexicon {
    /// English cues.
    static let english: [Group] = [
        Group(.negative, 1.5, """
            bad | badly | broken | broke | faulty | defective | defect | damaged | cracked | wobbly | wobbles |
            snapped | shed fluff |
            missing | lost my | wrong | error | crashing | crashes | crashed | keeps crashing | not working |
            doesnt work | didnt work | stopped working | wont accept | wont let me | cant log in | cannot log in |
            unable to | rude | unhelpful | useless | terrible | awful | horrible | dreadful | worst | disappointed |
            disappointing | let down | poor | mediocre | annoyed | annoying | frustrated | frustrating |
            unacceptable |
            ridiculous | rip off | ripoff | overcharged | charged twice | double charged | hidden fee | no reply |
            no response | no answer | nobody replied | nobody has replied | nobody answered | no one replied |
            no one has replied | heard nothing | not heard | havent heard | still waiting | never arrived |
            hasnt arrived | didnt arrive | not arrived | hasnt moved | no show | delayed | stale | soggy | burnt |
            dirty | filthy | too loud | so loud | complaint | complain | not ideal | unhappy | fed up | sick of |
            passed between | passed around | ping pong | bureaucratic | bureaucracy | rocket science | who designed |
            tipped over | never agreed | without my consent | misleading | not as described | doubled the price |
            price hike | price increase | extra charge | handling fee | overpriced | incompetent | ignored |
            ignoring | rolled his eyes | rolled her eyes | laughed at | laughed when | spoken to like | mocking |
            offensive | classist | racist | sexist | tasteless | not welcoming | for nothing | without anyone |
            no call | problem | problems | issue with | not what i | not exactly | let-down | half what |
            kept pasting | closed the chat | come on | starving | hungry | late | waited | waiting | spam |
            confused | mess |
            not rocket science | dropped out | drops out | keeps dropping | cuts out | cut out | outage | went down |
            been down | is down | impossible | unreasonable | on hold | hung up | call was dropped | nightmare |
            hassle | waste of | wasted | too slow | so slow | never received | not received | havent received |
            wrong item | wrong size | wrong order | not refunded | no refund | lied | misled | mis sold | mould |
            mold | leaking | unreliable | nobody came | no one came | didnt turn up | didnt show up | nobody answers |
            no one answers | charged me twice | twice as much | my money back | raised my | without telling |
            without warning | surprise fee | cancelled my flight | queued for | for an hour | why do i have to |
            why should i have to | why must i | why do we have to
            """),
        Group(.negative, 0.6, """
            promised to | was promised | were promised | cancelled | canceled | twice | in a row | again | still |
            pls fix | please fix | refund | replacement | expensive | fee
            """),
        Group(.positive, 1.5, """
            love it | loving it | amazing | excellent | fantastic | brilliant | perfect | lovely | wonderful |
            awesome | happy with | pleased | satisfied | delighted | thank you | thanks to | recommend |
            highly recommend | no complaints | no notes | no regrets | well done | impressed | helpful | patient |
            friendly | so kind | comfier | comfy | comfortable | delicious | tasty | like new | obsessed |
            super careful |
            devoured | slapped | sorted | best decision | tasted fine | tasted great | why didnt i | why didnt we |
            why did i wait | why did we wait | great service | great job | top notch | 10 10 | spot on
            """),
        Group(.positive, 0.8, """
            love | loved | great | good | nice | thanks | thank | quick | fast | easy | careful | kind | fine
            """),
        Group(.positive, 0, """
            kind regards | best regards | regards | thanks in advance | best wishes | yours faithfully | cheers
            """),
        Group(.negator, 1, """
            not | no | never | dont | doesnt | didnt | isnt | wasnt | arent | werent | wont | cant | cannot |
            couldnt | wouldnt | hardly | without | nor | neither | nothing
            """),
        Group(.intensifier, 1, """
            very | really | so | too | extremely | absolutely | totally | completely | utterly | seriously |
            incredibly | such | truly | beyond
            """),
        Group(.churn, 3, """
            never again | never going back | never coming back | never be back | never ordering | never using |
            never shopping | never buying | will not be shopping | wont be shopping | will not be using |
            wont be back | not coming back | cancelling | canceling | cancel my | im cancelling | will cancel |
            going to cancel | take my business elsewhere | taking my business | switching to |
            done with | im done | were gone | we are gone | im leaving | deleted the app | deleting the app |
            uninstalled | uninstalling | close my account | closing my account | go elsewhere | shop elsewhere |
            taking it to | last time i | cancel our | cancelling our | lost a customer | lost my custom | find another
            """),
        Group(.escalation, 3, """
            ombudsman | trading standards | chargeback | charge back | small claims | court | lawyer | lawyers |
            solicitor | legal action | sue you | suing | attorney | better business bureau | citizens advice |
            consumer council | environmental health | food standards | regulator | the press | journalist |
            newspaper | the media | go public | posting about it | post about it | telling everyone |
            tell everyone | warn others | warn everyone | one star | 1 star | trustpilot | reported you |
            reported this | reported it | report you | report this | boycott* | formal complaint
            """),
        Group(.harm, 3, """
            allergy | allergic | anaphyla* | hospital | a e | emergency room | poisoning | poisoned | food poisoning |
            got sick | were sick | injured | injury | bruised | burned | smoke | smoking | smoulder* | melted |
            electric shock | dangerous | unsafe | hazard | recalled | recall | fell on | collapsed on |
            brakes failed |
            could have been worse | could have been killed | fraud | scam | identity theft | out of pocket |
            data breach | leaked my | stranded
            """),
        Group(.repeat, 3, """
            third time | second time | fourth time | fifth time | yet again | once again | again and again |
            still not fixed | still not resolved | still broken | still not working | still no | still nothing |
            still havent | already complained | complained before | complained last | complained after |
            complained twice | written to you twice | written twice | asked twice | keeps happening |
            wont happen again | not happen again | same problem again | same issue again
            """),
        Group(.anger, 3, """
            furious | livid | outraged | disgusting | disgraceful | disgrace | appalling | shocking | pathetic |
            clowns | idiots | idiot | morons | a joke | fuming | sick and tired | shameful | shame on you | wtf |
            fucking | crap | shit | absolute nightmare
            """),
        Group(.thirdParty, 1, """
            my old | my previous | my former | old insurer | old provider | previous provider | other shops |
            another company | other company | local courier | the weather | weather | the storm | blizzard |
            snowstorm | the snow |
            the council | council | the government | my neighbour | my neighbor | switched from | moved from |
            went from | the competition | their competitor
            """),
        Group(.solved, 2, """
            sorted it | sorted my | fixed it | resolved it | no problem | no fuss | without fuss | explained every |
            explained everything | moved me | rebooked | saved the day | sorted out | stayed on the phone
            """),
        Group(.wish, 2.5, """
            would be amazing if | would be great if | would be nice if | would be helpful if | would be really |
            it would be | feature request | on the roadmap | any plans | suggestion | could you add | would love
            """),
        Group(.news, 3, """
            said in a statement | the company said | according to | will open | opens its | announced |
            press release | were hiring | hiring | is looking for | join our | send your cv | full time |
            competitive pay | vacancy | retailer | per cent | revenue
            """),
        Group(.sarcasm, 2, """
            love how | love that | i love how | so transparent | very transparent | thanks for nothing |
            thanks a lot | oh great | just great | just perfect | what a joke | bravo
            """),
        Group(.ironicOpener, 2, """
            great | fantastic | brilliant | wonderful | perfect | lovely | awesome | nice | super | excellent |
            amazing
            """),
        Group(.contrast, 1, "but | however | though | although | that said"),
        Group(.concession, 2.5, """
            fair enough | fair play | cant complain | cant fault | worth it | no complaints | fair price |
            nothing to complain about
            """),
        Group(.question, 1.3, "why | how come | how is it | how can | whats going on | what is going on"),
    ]
}
