extension AcknowledgementTemplates {
    /// The built-in templates: English, Danish, Norwegian (bokmål) and Swedish. Short and polite:
    /// the message arrived, a person will answer, here is the reference, no need to reply.
    public static let defaults: [String: AcknowledgementTemplate] = [
        "en": AcknowledgementTemplate(
            subject: "Re: {subject}",
            body: """
                Dear {name},

                Thank you for contacting {brand}. We have received your message, and one of our staff \
                will get back to you as soon as possible.

                Your reference is {reference}. Please mention it if you write to us again about this matter.

                This confirmation was sent automatically, so there is no need to reply to it.

                Kind regards
                {brand}
                """,
            neutralName: "customer", neutralSubject: "Your message"),
        "da": AcknowledgementTemplate(
            subject: "Re: {subject}",
            body: """
                Kære {name},

                Tak for din henvendelse til {brand}. Vi har modtaget din besked, og en af vores \
                medarbejdere vender tilbage til dig hurtigst muligt.

                Dit referencenummer er {reference}. Oplys det gerne, hvis du skriver til os igen om samme sag.

                Denne bekræftelse er sendt automatisk, så du behøver ikke at svare på den.

                Venlig hilsen
                {brand}
                """,
            neutralName: "kunde", neutralSubject: "Din henvendelse"),
        "no": AcknowledgementTemplate(
            subject: "Re: {subject}",
            body: """
                Kjære {name},

                Takk for at du kontaktet {brand}. Vi har mottatt meldingen din, og en av våre \
                medarbeidere svarer deg så snart som mulig.

                Referansen din er {reference}. Oppgi den gjerne hvis du skriver til oss igjen om samme sak.

                Denne bekreftelsen er sendt automatisk, så du trenger ikke å svare på den.

                Vennlig hilsen
                {brand}
                """,
            neutralName: "kunde", neutralSubject: "Henvendelsen din"),
        "sv": AcknowledgementTemplate(
            subject: "Re: {subject}",
            body: """
                Bästa {name},

                Tack för att du kontaktade {brand}. Vi har tagit emot ditt meddelande, och en av våra \
                medarbetare återkommer till dig så snart som möjligt.

                Ditt referensnummer är {reference}. Ange det gärna om du skriver till oss igen i samma ärende.

                Den här bekräftelsen skickades automatiskt, så du behöver inte svara på den.

                Vänliga hälsningar
                {brand}
                """,
            neutralName: "kund", neutralSubject: "Ditt meddelande"),
    ]
}
