/// Plain text built straight into one UTF-8 buffer: runs of white space collapse to one space, block
/// boundaries become line breaks (at most one blank line), nothing leads or trails.
struct HTMLTextBuffer {
    private(set) var bytes: [UInt8] = []
    /// Line breaks owed before the next visible character (0, 1 or 2).
    private var pendingBreaks = 0
    /// A space owed before the next visible character.
    private var pendingSpace = false

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The text so far.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Empties the buffer, keeping its capacity.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        pendingBreaks = 0
        pendingSpace = false
    }

    /// At least `count` line breaks before the next text (a block starts or ends).
    mutating func breakLines(_ count: Int) {
        pendingBreaks = max(pendingBreaks, count)
    }

    /// One more line break (`<br>`), up to a blank line.
    mutating func lineBreak() {
        pendingBreaks = min(pendingBreaks + 1, 2)
    }

    /// A space before the next text, unless a line break comes first.
    mutating func space() {
        pendingSpace = true
    }

    /// Text that flows: ASCII white space and U+00A0 collapse into one space, other C0 controls and
    /// DEL are dropped. Runs of ordinary bytes are copied in one go.
    mutating func appendFlowing(_ text: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            if byte > 0x20 && byte != 0x7F && byte != 0xC2 {
                // A run of visible bytes, with the single spaces between words in it: one space
                // collapses to itself, so it is copied with the words around it.
                var end = index + 1
                while end < count {
                    let next = text[end]
                    if next > 0x20 && next != 0x7F && next != 0xC2 {
                        end += 1
                    } else if next == 0x20 && end + 1 < count && Self.isVisible(text[end + 1]) {
                        end += 2
                    } else {
                        break
                    }
                }
                flushPending()
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<end]))
                index = end
            } else if byte == 0xC2 {
                if index + 1 < count && text[index + 1] == 0xA0 {
                    pendingSpace = true
                    index += 2
                } else {
                    flushPending()
                    bytes.append(byte)
                    index += 1
                }
            } else {
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C { pendingSpace = true }
                index += 1
            }
        }
    }

    @inline(__always)
    private static func isVisible(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte != 0x7F && byte != 0xC2
    }

    /// Text whose white space is kept (`pre`): newlines are line breaks (still at most one blank
    /// line), spaces and tabs stay, CR and other controls are dropped.
    mutating func appendPreformatted(_ text: UnsafeBufferPointer<UInt8>) {
        for byte in text {
            switch byte {
            case 0x0A:
                lineBreak()
            case 0x20, 0x09:
                flushPending()
                if !bytes.isEmpty { bytes.append(byte) }
            case 0x00..<0x20, 0x7F:
                continue
            default:
                flushPending()
                bytes.append(byte)
            }
        }
    }

    /// Writes what is owed before a visible character.
    private mutating func flushPending() {
        if pendingBreaks > 0 {
            if !bytes.isEmpty {
                trimTrailingBlanks()
                for _ in 0..<pendingBreaks { bytes.append(0x0A) }
            }
            pendingBreaks = 0
            pendingSpace = false
        } else if pendingSpace {
            if let last = bytes.last, last != 0x0A, last != 0x20 { bytes.append(0x20) }
            pendingSpace = false
        }
    }

    /// Drops spaces and tabs at the end, before a line break or at the end of the text.
    mutating func trimTrailingBlanks() {
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
    }
}
