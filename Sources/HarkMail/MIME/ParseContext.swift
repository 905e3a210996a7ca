/// What one parse collects besides the tree: the limits, the defects and the counters behind them.
struct ParseContext: Sendable {
    let limits: MailParserLimits
    private(set) var defects: [MailDefect] = []
    /// Something was cut at a limit.
    private(set) var truncated = false
    /// MIME entities created so far (the message itself included).
    var partCount = 0
    private var seen: Set<MailDefect> = []

    /// Whether a bare CR ends a line: only in a message without any LF.
    let crBreaks: Bool

    init(limits: MailParserLimits, crBreaks: Bool = false) {
        self.limits = limits
        self.crBreaks = crBreaks
    }

    /// A context for `message`, its line-end convention read from it.
    init(limits: MailParserLimits, message: ArraySlice<UInt8>) {
        self.init(limits: limits, crBreaks: ByteScan.index(of: 0x0A, in: message, from: message.startIndex) == nil)
    }

    /// Notes a defect once per kind and part; `truncates` also marks the message as cut.
    mutating func record(_ code: MailDefect.Code, part: String?, truncates: Bool = false) {
        if truncates { truncated = true }
        let defect = MailDefect(code, part: part)
        guard !seen.contains(defect) else { return }
        seen.insert(defect)
        if defects.count < limits.defects {
            defects.append(defect)
        } else if defects.count == limits.defects {
            defects.append(MailDefect(.tooManyDefects))
        }
    }
}
