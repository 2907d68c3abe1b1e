/// The keys a decoder reads from one kind of object, declared once, so ``JSONFields`` can find all of
/// them in one walk over the object's members (O(members) rather than one scan per key).
///
/// Each member key is hashed on its length and first and last bytes into a small bucket table; a hit is
/// confirmed by comparing all bytes, so a key that is a prefix of another never matches it.
///
/// ```swift
/// static let rssi = JSONKey("rssi", slot: 0)
/// static let tag = JSONKey("tag", slot: 1)
/// static let item = JSONKeySet([rssi, tag])
/// ```
struct JSONKeySet: Sendable {
    /// The most keys one set holds (the width of ``JSONFields``' bit masks).
    static let capacity = 32

    /// The keys, each at the position its ``JSONKey/slot`` names.
    let keys: [JSONKey]
    /// One bit per slot: the set of all keys, as a ``JSONFields`` mask.
    let allSlots: UInt32
    /// Per hash bucket, the first slot in it plus one (0: empty).
    let buckets: [UInt8]
    /// Per slot: where the key's bytes start in ``packed`` (bits 0–31), their count (bits 32–47) and the
    /// next slot in the same bucket plus one (bits 48–55; 0 ends the chain). One load per key tried.
    let entries: [UInt64]
    /// All keys' bytes, one after another.
    let packed: [UInt8]

    private static let bucketMask = 63

    /// Creates a set; `keys[i].slot` must be `i` and the names distinct (checked, a programming error).
    init(_ keys: [JSONKey]) {
        precondition(keys.count <= Self.capacity, "a JSONKeySet holds at most \(Self.capacity) keys")
        var buckets = [UInt8](repeating: 0, count: Self.bucketMask + 1)
        var entries: [UInt64] = []
        var packed: [UInt8] = []
        for (i, key) in keys.enumerated() {
            precondition(key.slot == i, "key \(key.name) is declared with slot \(key.slot) but sits at \(i)")
            precondition(!keys[..<i].contains { $0.bytes == key.bytes }, "key \(key.name) is listed twice")
            precondition(key.bytes.count <= 0xFFFF, "key \(key.name) is too long")
            entries.append(UInt64(packed.count) | UInt64(key.bytes.count) << 32)
            packed.append(contentsOf: key.bytes)
            // Append to the bucket's chain so earlier keys are tried first.
            let h = Self.hash(key.bytes.span, 0, key.bytes.count)
            if buckets[h] == 0 {
                buckets[h] = UInt8(i + 1)
            } else {
                var s = Int(buckets[h]) - 1
                while entries[s] >> 48 != 0 { s = Int(entries[s] >> 48) - 1 }
                entries[s] |= UInt64(i + 1) << 48
            }
        }
        self.keys = keys
        self.allSlots = keys.count == 32 ? ~0 : (1 << UInt32(keys.count)) &- 1
        self.buckets = buckets
        self.entries = entries
        self.packed = packed
    }

    /// The slot of the key whose bytes are `bytes[start..<end]`, or `nil` when it is not in the set.
    @inline(__always)
    func slot(_ bytes: Span<UInt8>, _ start: Int, _ end: Int) -> Int? {
        Self.slot(bytes, start, end, buckets: self.buckets.span, entries: self.entries.span, packed: self.packed.span)
    }

    /// ``slot(_:_:_:)`` over the set's tables, taken once by a caller that matches many members.
    @inline(__always)
    static func slot(
        _ bytes: Span<UInt8>, _ start: Int, _ end: Int, buckets: Span<UInt8>, entries: Span<UInt64>,
        packed: Span<UInt8>
    ) -> Int? {
        var s = Int(buckets[Self.hash(bytes, start, end)])
        guard s != 0 else { return nil }
        let member = bytes.extracting(start..<end)
        repeat {
            let entry = entries[s - 1]
            let from = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: entry))
            if Int(truncatingIfNeeded: UInt16(truncatingIfNeeded: entry >> 32)) == member.count
                && Self.equal(member, packed.extracting(from..<(from + member.count)))
            {
                return s - 1
            }
            s = Int(truncatingIfNeeded: UInt8(truncatingIfNeeded: entry >> 48))
        } while s != 0
        return nil
    }

    /// `true` when two spans of the same length hold the same bytes (eight at a time, then the rest).
    @inline(__always)
    private static func equal(_ a: Span<UInt8>, _ b: Span<UInt8>) -> Bool {
        let n = a.count
        guard b.count == n else { return false }
        var j = 0
        while n - j >= 8 {
            if loadWord(a, j) != loadWord(b, j) { return false }
            j += 8
        }
        while j < n {
            if a[j] != b[j] { return false }
            j += 1
        }
        return true
    }

    /// The slot of the key whose bytes are `bytes` (an unescaped member key), or `nil`.
    func slot(_ bytes: [UInt8]) -> Int? {
        self.slot(bytes.span, 0, bytes.count)
    }

    /// Bucket of a key: its length mixed with its first and last bytes.
    @inline(__always)
    private static func hash(_ bytes: Span<UInt8>, _ start: Int, _ end: Int) -> Int {
        guard end > start else { return 0 }
        let mixed = (end - start) &* 7 &+ Int(bytes[start]) &* 3 &+ Int(bytes[end - 1])
        return mixed & Self.bucketMask
    }
}
