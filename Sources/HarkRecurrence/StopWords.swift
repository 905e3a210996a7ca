/// Function words of English, Danish, Norwegian and Swedish, in one set: a mention's language
/// may be unknown or mixed, and these words say nothing about what went wrong.
enum StopWords {
    static let all: Set<String> = Set(english + nordic)

    /// The stop words as ``TextFeatures`` folds letters, before any other step.
    static let folded: Set<[UInt8]> = Set(
        all.map { word in
            var bytes: [UInt8] = []
            for scalar in word.unicodeScalars { TextFeatures.appendFolded(scalar, to: &bytes) }
            return bytes
        })

    static let english = """
        a about after again all also am an and any are as at be been before being but by can could \
        did do does doing done for from get got had has have having he her here him his how i if in \
        into is it its just me more most my no not now of on once only or other our out over same \
        she so some still such than that the their them then there these they this those through to \
        too under until up very was we were what when where which while who why will with would you \
        your yours im ive dont didnt cant wont hi hello thanks thank please regards dear
        """.split(separator: " ").map(String.init)

    static let nordic = """
        og i jeg det at en et den til er som på de med han af for ikke der var mig sig men om vi \
        dem da har hun hvor nu over ud ham fra du kan vil være blev skal eller hvad havde kunne \
        efter også selv jo sin min mit mine dig din dit dine hans hendes vores jer deres alle bare \
        meg seg deg ble etter hva hvem hvis ut fordi noen nå når så ja nei mitt mine vårt våre \
        jag och att som på är för med den inte ett till av om har de ni vi hon han men mig dig sig \
        var vad när här där hur eller också så bara min mitt mina din ditt dina sin sitt sina \
        hej hei tak takk tack venlig vennlig hilsen hilsener mvh med vänliga hälsningar
        """.split(separator: " ").map(String.init)
}
