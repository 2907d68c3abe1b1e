/// Arithmetic on ranges of write-ahead sequence numbers.
enum SequenceRanges {
    /// The parts of `range` that no range in `covered` includes, in order.
    static func gaps(in range: ClosedRange<UInt64>, excluding covered: [ClosedRange<UInt64>]) -> [ClosedRange<UInt64>] {
        var gaps: [ClosedRange<UInt64>] = []
        var next = range.lowerBound
        for c in covered.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            guard next <= range.upperBound else { break }
            guard c.upperBound >= next else { continue }
            if c.lowerBound > next { gaps.append(next...min(c.lowerBound - 1, range.upperBound)) }
            if c.upperBound == UInt64.max { return gaps }
            next = max(next, c.upperBound + 1)
        }
        if next <= range.upperBound { gaps.append(next...range.upperBound) }
        return gaps
    }

    /// `ranges` cut into pieces of at most `size` numbers.
    static func chunks(_ ranges: [ClosedRange<UInt64>], size: Int) -> [ClosedRange<UInt64>] {
        let size = UInt64(max(1, size))
        var out: [ClosedRange<UInt64>] = []
        for r in ranges {
            var start = r.lowerBound
            while true {
                let end = r.upperBound - start >= size ? start + size - 1 : r.upperBound
                out.append(start...end)
                if end == r.upperBound { break }
                start = end + 1
            }
        }
        return out
    }
}
