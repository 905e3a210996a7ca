extension BuiltinLexicon {
    /// Cues common to all languages: emoji (as the tokenizer names them) and international words.
    static let shared: [Group] = [
        Group(.negative, 1, "emojiangry | emojifacepalm | gdpr"),
        Group(.sarcasm, 1.5, "emojieyeroll"),
        Group(.positive, 1, "emojihappy"),
        Group(.escalation, 3, "chargeback | ombudsman | trustpilot"),
    ]
}
