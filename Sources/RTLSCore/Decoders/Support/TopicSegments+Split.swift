extension TopicSegments {
    /// The segment count and the byte ranges of the first four segments and the last one, found in one
    /// scan of the topic (a decoder that asks for several segments would otherwise scan it once each).
    struct Split {
        /// Number of segments (at least 1).
        private(set) var count = 1
        /// Where segment `i` ends, for `i` below 4 (the topic's length for the last segment).
        private var ends: InlineArray<4, Int>
        /// Where the last segment starts.
        private var lastStart = 0
        /// Byte range of the last segment.
        var last: Range<Int> { self.lastStart..<self.length }
        private let length: Int

        /// Finds the separators eight bytes at a time (``slashes(_:)``), then the rest one by one.
        init(_ bytes: Span<UInt8>) {
            self.ends = InlineArray(repeating: bytes.count)
            self.length = bytes.count
            let n = bytes.count
            var base = 0
            while n - base >= 8 {
                var mask = Self.slashes(loadWord(bytes, base))
                while mask != 0 {
                    self.separator(at: base + mask.trailingZeroBitCount >> 3)
                    mask &= mask &- 1
                }
                base += 8
            }
            while base < n {
                if bytes[base] == UInt8(ascii: "/") { self.separator(at: base) }
                base += 1
            }
        }

        @inline(__always)
        private mutating func separator(at i: Int) {
            if self.count <= 4 { self.ends[self.count - 1] = i }
            self.count += 1
            self.lastStart = i + 1
        }

        /// Bit 7 set in exactly the bytes of `w` that are `/` (exact for every byte, not only the lowest).
        @inline(__always)
        static func slashes(_ w: UInt64) -> UInt64 {
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            let x = w ^ 0x2F2F_2F2F_2F2F_2F2F
            return ~(((x & low7) &+ low7) | x) & ~low7
        }

        /// Byte range of segment `index` (0-based, below 4), or `nil` when the topic has fewer segments;
        /// as ``TopicSegments/range(_:)`` answers.
        func range(_ index: Int) -> Range<Int>? {
            precondition(index >= 0 && index < 4, "TopicSegments.Split keeps the first four segments")
            guard index < self.count else { return nil }
            let start = index == 0 ? 0 : self.ends[index - 1] + 1
            return start..<self.ends[index]
        }
    }

    /// The topic's segment count and the ranges of its first four segments and last one, in one scan.
    func split() -> Split { Split(self.topic.utf8.span) }

    /// The topic's bytes in `range` as a normalized MAC (``MACAddress/normalized(utf8:)``), or `nil` when
    /// they do not fit (never truncated).
    func mac<let capacity: Int>(_ range: Range<Int>) -> InlineString<capacity>? {
        MACAddress.normalized(utf8: self.topic.utf8.span.extracting(range))
    }
}
