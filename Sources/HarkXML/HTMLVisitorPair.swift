internal import CLibXML2

/// Two visitors over one walk, each seeing exactly what it would see alone: an element one of them
/// declines is still entered for the other, and the decliner hears nothing until that element ends.
struct HTMLVisitorPair<First: HTMLVisitor, Second: HTMLVisitor>: HTMLVisitor {
    var first: First
    var second: Second
    /// Open elements entered while `first` was not listening (the one it declined and those inside).
    private var firstMuted = 0
    /// The same for `second`.
    private var secondMuted = 0

    init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    mutating func enter(_ node: xmlNodePtr, _ element: HTMLElement) -> Bool {
        let firstWants = firstMuted == 0 && first.enter(node, element)
        let secondWants = secondMuted == 0 && second.enter(node, element)
        guard firstWants || secondWants else { return false }
        if !firstWants { firstMuted += 1 }
        if !secondWants { secondMuted += 1 }
        return true
    }

    mutating func leave(_ element: HTMLElement) {
        if firstMuted > 0 { firstMuted -= 1 } else { first.leave(element) }
        if secondMuted > 0 { secondMuted -= 1 } else { second.leave(element) }
    }

    mutating func text(_ content: UnsafeBufferPointer<UInt8>) {
        if firstMuted == 0 { first.text(content) }
        if secondMuted == 0 { second.text(content) }
    }
}
