import Foundation
import Synchronization

/// The progress of a long command on stderr (`hark poll` of a mailbox, `hark migrate`): a bar
/// redrawn in place on a terminal, otherwise a plain line at every tenth (so that a log is not
/// flooded).
final class ProgressMeter: Sendable {
    private struct State {
        var scope: String?
        var lastTenth = -1
        var drawn = false
    }

    private let terminal: Bool
    private let state = Mutex(State())

    init(terminal: Bool) {
        self.terminal = terminal
    }

    /// Shows `done` of `total` with `text`.
    /// - Parameter scope: what is counted (a mail folder); the tenths start again when it changes.
    func update(scope: String? = nil, done: Int, total: Int, text: String) {
        guard total > 0 else { return }
        let line: String? = state.withLock { state in
            if state.scope != scope {
                state.scope = scope
                state.lastTenth = -1
                if state.drawn && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            }
            let fraction = Double(done) / Double(total)
            if terminal {
                let width = 30
                let filled = max(0, min(width, Int(fraction * Double(width))))
                state.drawn = true
                return "\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(text)\u{1B}[K"
            }
            let tenth = min(10, Int(fraction * 10))
            guard tenth > state.lastTenth else { return nil }
            state.lastTenth = tenth
            return text + "\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Ends a bar drawn in place with a new line.
    func finish() {
        let drawn = state.withLock { $0.drawn }
        if drawn && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
