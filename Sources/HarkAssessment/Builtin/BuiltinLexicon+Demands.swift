import HarkCore

extension BuiltinLexicon {
    /// Two ways a customer complains without a sentiment word, in all four languages: asking the
    /// company to put something right (replace, refund, take it down, deal with someone), and saying
    /// that something promised or expected did not happen (nobody came, nothing happens, no one said
    /// a word, it is written nowhere). A plain question ("do you deliver to ...") asks for neither.
    static var demands: [Group] { englishDemands + danishDemands + norwegianDemands + swedishDemands }

    static let englishDemands: [Group] = [
        Group(.negative, 1.3, """
            please take it down | take this down | please deal with | deal with this | have a word with |
            someone to have a word | want my money back | want a refund | would like a refund | like a refund |
            like the fees refunded | refund the | send a replacement | send me a replacement | replace it |
            who is responsible for this | who takes responsibility | give us a system that works |
            sort this out | put this right | make this right | expect compensation | want compensation
            """),
        Group(.negative, 1.3, """
            no reason was given | without any reason | no one came | nobody came | nobody has come |
            no one has come | nothing happens | nothing has happened | nothing happened | nobody called back |
            no one called back | not printed anywhere | not shown anywhere | not mentioned anywhere |
            nowhere in the | without telling | without telling me | without notice | without warning |
            without any notice | nobody told | no one told | nobody said a word | no one said a word |
            does not take calls | doesnt take calls | never get through | cant get through | couldnt get through
            """),
    ]

    static let danishDemands: [Group] = [
        Group(.negative, 1.3, """
            kan i sende en ny | send en ny | vil have pengene retur | vil have pengene tilbage |
            have pengene retur | vil gerne have det krediteret | have det krediteret | bedes krediteret |
            kan i tage det op | tage det op med | hvem tager ansvar | hvem tager ansvaret | kræver erstatning |
            vil have erstatning |
            vil have en undskyldning | ret det | få det rettet
            """),
        Group(.negative, 1.3, """
            ingen grund | uden begrundelse | ingen kom | der kom ingen | ingen er kommet | der sker ingenting |
            sker der ingenting | intet sker | der er ikke sket noget | ingen ringede tilbage | aldrig igennem |
            kommer ikke igennem | står ingen steder | stod ingen steder | uden at give besked |
            uden at jeg har fået besked | uden at informere | uden varsel | ingen sagde | ingen har sagt |
            vil tage ejerskab | tager ejerskab | sendt frem og tilbage
            """),
    ]

    static let norwegianDemands: [Group] = [
        Group(.negative, 1.3, """
            kan dere bytte | kan dere sende en ny | send en ny | vil ha pengene tilbake | vil ha det kreditert |
            ha det kreditert | hvem tar ansvar | hvem tar ansvaret |
            gi oss et system som virker | kan dere be | krever erstatning | vil ha erstatning | rett opp i
            """),
        Group(.negative, 1.3, """
            ingen grunn | uten begrunnelse | ingen har kommet | det skjer ingenting | ingenting skjer |
            skjer ingenting | ingen ringte tilbake | kommer aldri gjennom | kommer ikke gjennom |
            står ingen steder | uten å si ifra | uten beskjed | uten å gi beskjed | uten å varsle |
            ingen sa noe | ingen har sagt | det er den ikke | det er det ikke | ikke hans jobb | ikke hennes jobb |
            ikke min jobb
            """),
    ]

    static let swedishDemands: [Group] = [
        Group(.negative, 1.3, """
            kan ni byta | kan ni skicka en ny | skicka en ny | vill ha pengarna tillbaka | vill ha tillbaka pengarna |
            vill ha återbetalning | kräver återbetalning | begär återbetalning | vem tar ansvar | vem tar ansvaret |
            kräver ersättning | vill ha ersättning |
            kan ni skotta | rätta till | ordna det här
            """),
        Group(.negative, 1.3, """
            utan anledning | utan motivering | ingen kom | ingen har kommit | ingenting händer | inget händer |
            det händer ingenting | ingen ringde tillbaka | kommer aldrig fram | kommer inte fram |
            står ingenstans | utan förvarning | utan att säga till | utan att meddela | utan info |
            utan information | ingen sa ett ord | ingen sa något | svarar inte | inga tider | det är det inte |
            verkade inte veta
            """),
    ]
}
