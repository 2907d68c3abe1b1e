/// Reads the `/`-separated segments of an MQTT topic without splitting it into an array: offsets are
/// found on the topic's UTF-8 span and segments come back as views into the original string, or (on
/// the hot paths) as byte ranges read straight into an ``InlineString``.
struct TopicSegments {
    let topic: String

    /// Byte range of segment `index` (0-based), or `nil`.
    func range(_ index: Int) -> Range<Int>? {
        let span = self.topic.utf8.span
        var current = 0
        var start = 0
        for i in 0..<span.count where span[i] == UInt8(ascii: "/") {
            if current == index { return start..<i }
            current += 1
            start = i + 1
        }
        return current == index ? start..<span.count : nil
    }

    private func view(_ range: Range<Int>) -> Substring.UTF8View {
        let utf8 = self.topic.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        return Substring(self.topic)[lower..<upper].utf8
    }

    /// The segment at `index` (0-based), or `nil`.
    func segment(_ index: Int) -> Substring.UTF8View? { self.range(index).map(self.view) }

    /// Number of segments.
    var count: Int {
        let span = self.topic.utf8.span
        var n = 1
        for i in 0..<span.count where span[i] == UInt8(ascii: "/") { n += 1 }
        return n
    }

    /// The segment at `index` counted from the end (0 = last), or `nil`.
    func fromEnd(_ index: Int) -> Substring.UTF8View? { self.rangeFromEnd(index).map(self.view) }

    /// Byte range of the segment at `index` counted from the end (0 = last), or `nil`; one backward
    /// scan that stops at that segment.
    func rangeFromEnd(_ index: Int) -> Range<Int>? {
        let span = self.topic.utf8.span
        var end = span.count
        var seen = 0
        var i = span.count - 1
        while i >= 0 {
            if span[i] == UInt8(ascii: "/") {
                if seen == index { return (i + 1)..<end }
                seen += 1
                end = i
            }
            i -= 1
        }
        return seen == index ? 0..<end : nil
    }

    /// The index of the first segment equal to `literal`, or `nil`; one scan.
    func firstIndex(of literal: String) -> Int? {
        let span = self.topic.utf8.span
        var index = 0
        var start = 0
        for i in 0...span.count where i == span.count || span[i] == UInt8(ascii: "/") {
            if self.bytes(in: start..<i, equal: literal) { return index }
            index += 1
            start = i + 1
        }
        return nil
    }

    /// The byte range of the segment just before the first segment equal to `literal` (`nil` when no
    /// segment equals it, or the first one does): `firstIndex(of:)` then `range(_:)` of the one before, in
    /// one scan.
    func range(before literal: String) -> Range<Int>? {
        let span = self.topic.utf8.span
        var previous: Range<Int>? = nil
        var start = 0
        for i in 0...span.count where i == span.count || span[i] == UInt8(ascii: "/") {
            if self.bytes(in: start..<i, equal: literal) { return previous }
            previous = start..<i
            start = i + 1
        }
        return nil
    }

    /// `true` when the topic's bytes in `range` (from ``range(_:)`` or ``rangeFromEnd(_:)``) equal `literal`.
    func bytes(in range: Range<Int>, equal literal: String) -> Bool {
        let span = self.topic.utf8.span
        let lit = literal.utf8.span
        guard range.count == lit.count else { return false }
        for k in 0..<lit.count where span[range.lowerBound + k] != lit[k] { return false }
        return true
    }

    /// The topic's bytes in `range` (from ``range(_:)`` or ``rangeFromEnd(_:)``) as an inline string, or
    /// `nil` when they do not fit (never truncated).
    func inline<let capacity: Int>(_ range: Range<Int>) -> InlineString<capacity>? {
        InlineString(utf8: self.topic.utf8.span.extracting(range))
    }

    /// Everything after the first `n` segments (`zigbee2mqtt/kitchen/fridge` after 1 → `kitchen/fridge`).
    func dropping(_ n: Int) -> Substring.UTF8View? {
        if n == 0 { return Substring(self.topic).utf8 }
        let span = self.topic.utf8.span
        var seen = 0
        for i in 0..<span.count where span[i] == UInt8(ascii: "/") {
            seen += 1
            if seen == n { return self.view((i + 1)..<span.count) }
        }
        return nil
    }

    /// `true` when segment `index` equals `literal`.
    func segment(_ index: Int, is literal: String) -> Bool {
        guard let r = self.range(index) else { return false }
        return self.bytes(in: r, equal: literal)
    }
}
