extension TransferDecoding {
    /// uuencode (`x-uuencode`): the lines between `begin` and `end`; without a `begin` line the body is
    /// returned as it is (not clean).
    static func uuencode(_ input: ArraySlice<UInt8>) -> (bytes: [UInt8], clean: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var index = input.startIndex
        var started = false
        let crBreaks = ByteScan.index(of: 0x0A, in: input, from: input.startIndex) == nil
        while index < input.endIndex {
            let (end, next) = ByteScan.line(in: input, from: index, crBreaks: crBreaks)
            let line = input[index..<end]
            index = next
            if !started {
                started = ByteScan.hasPrefix(line, at: line.startIndex, Array("begin".utf8))
                continue
            }
            if ByteScan.hasPrefix(line, at: line.startIndex, Array("end".utf8)) { return (out, true) }
            guard let first = line.first else { continue }
            let count = Int((first &- 0x20) & 0x3F)
            var produced = 0
            var cursor = line.startIndex + 1
            while produced < count, cursor < line.endIndex {
                var group = [UInt8](repeating: 0, count: 4)
                for slot in 0..<4 where cursor + slot < line.endIndex {
                    group[slot] = (line[cursor + slot] &- 0x20) & 0x3F
                }
                let decoded = [group[0] << 2 | group[1] >> 4, group[1] << 4 | group[2] >> 2, group[2] << 6 | group[3]]
                for byte in decoded where produced < count {
                    out.append(byte)
                    produced += 1
                }
                cursor += 4
            }
        }
        return started ? (out, false) : (Array(input), false)
    }
}
