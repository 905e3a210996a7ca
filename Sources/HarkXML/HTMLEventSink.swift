/// Where libxml2's HTML SAX events go: the sanitiser and the text collector (either or both) hear each
/// event exactly as they would alone, from one parse and without a tree.
///
/// It also keeps the stack of open elements that libxml2's tree builder would keep, and stops the
/// parse where the tree builder would (``maximumDepth``): libxml2 2.9.14 searches its stack of open
/// names on every end tag, so an unbounded stack makes a parse quadratic. The caller resumes after
/// the stop (``HTMLParsing``), as it did when the tree builder stopped.
final class HTMLEventSink {
    /// More nesting than the tree builder accepts: `nodePush` refuses a 258th open element.
    static let maximumDepth = 256

    @exclusivity(unchecked) var sanitizer: HTMLSanitizeVisitor?
    @exclusivity(unchecked) var text: HTMLTextVisitor?
    /// Open elements the sanitiser is not hearing (the one it declined and those inside it).
    @exclusivity(unchecked) private var sanitizerMuted = 0
    /// The same for the text collector.
    @exclusivity(unchecked) private var textMuted = 0
    /// The elements started and not yet ended.
    @exclusivity(unchecked) private var open: [HTMLElement] = []
    /// Whether the current parse was stopped; libxml2 still reports end tags after a stop.
    @exclusivity(unchecked) private(set) var stopped = false

    init(sanitizer: HTMLSanitizeVisitor?, text: HTMLTextVisitor?) {
        self.sanitizer = sanitizer
        self.text = text
        open.reserveCapacity(32)
        if sanitizer == nil { sanitizerMuted = 1 }
        if text == nil { textMuted = 1 }
    }

    /// A start tag; returns `false` when it is one level too deep (the parse must stop before it).
    @inline(__always)
    func start(_ element: HTMLElement, _ attributes: HTMLAttributes) -> Bool {
        guard !stopped else { return true }
        guard open.count <= Self.maximumDepth else {
            stopped = true
            return false
        }
        open.append(element)
        if sanitizerMuted > 0 {
            sanitizerMuted += 1
        } else if !sanitizer!.enter(element, attributes) {
            sanitizerMuted = 1
        }
        if textMuted > 0 {
            textMuted += 1
        } else if !text!.enter(element, attributes) {
            textMuted = 1
        }
        return true
    }

    /// An end tag (written or implied); it ends the innermost open element whatever its name, as the
    /// tree builder does.
    @inline(__always)
    func end() {
        guard !stopped, let element = open.popLast() else { return }
        leave(element)
    }

    /// Text; dropped outside every element, as the tree builder drops it.
    @inline(__always)
    func characters(_ content: UnsafeBufferPointer<UInt8>) {
        guard !stopped, !open.isEmpty else { return }
        if sanitizerMuted == 0 { sanitizer!.text(content) }
        if textMuted == 0 { text!.text(content) }
    }

    /// Back to the state of a new sink, with the visitors' output emptied: a parse starts again
    /// from the beginning (the fast parser gave up on the input, and libxml2 reads it).
    func reset() {
        stopped = false
        open.removeAll(keepingCapacity: true)
        sanitizer?.reset()
        text?.reset()
        sanitizerMuted = sanitizer == nil ? 1 : 0
        textMuted = text == nil ? 1 : 0
    }

    /// Ends every element still open (the end of one parse), and gets ready for the next.
    func finish() {
        stopped = false
        while let element = open.popLast() { leave(element) }
    }

    private func leave(_ element: HTMLElement) {
        if sanitizerMuted > 0 { sanitizerMuted -= 1 } else { sanitizer!.leave(element) }
        if textMuted > 0 { textMuted -= 1 } else { text!.leave(element) }
    }
}
