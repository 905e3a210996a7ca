/// `format=flowed` plain text (RFC 3676): soft-wrapped lines joined back into paragraphs.
///
/// A line ending in a space continues on the next line of the same quote depth (with `delsp=yes`
/// the space is deleted); space-stuffing is undone; `-- ` (the signature separator) never flows.
/// Quoted lines keep their `>` prefix so that quote stripping still sees them.
enum FlowedText {
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var open: (depth: Int, text: String)?
        for rawLine in text.split(
            omittingEmptySubsequences: false,
            whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        ) {
            var line = Substring(rawLine)
            var depth = 0
            while line.first == ">" {
                depth += 1
                line = line.dropFirst()
            }
            if line.first == " " { line = line.dropFirst() }
            let isSignature = line == "-- "
            var flows = !isSignature && line.last == " "
            if flows && deleteSpace { line = line.dropLast() }
            if var current = open, current.depth == depth {
                current.text += line
                open = current
            } else {
                if let current = open { output.append(render(current)) }
                open = (depth, String(line))
            }
            if isSignature { flows = false }
            if !flows, let current = open {
                output.append(render(current))
                open = nil
            }
        }
        if let current = open { output.append(render(current)) }
        return output.joined(separator: "\n")
    }

    private static func render(_ paragraph: (depth: Int, text: String)) -> String {
        paragraph.depth == 0 ? paragraph.text : String(repeating: ">", count: paragraph.depth) + " " + paragraph.text
    }
}
