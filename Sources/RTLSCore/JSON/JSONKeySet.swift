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
    private let buckets: [UInt8]
    /// Per slot, the next slot in the same bucket plus one (0: end of chain).
    private let chain: [UInt8]
    /// All keys' bytes, one after another; key `i` is `packed[offsets[i]..<offsets[i + 1]]`.
    private let packed: [UInt8]
    /// Where each key starts in ``packed``, plus the end.
    private let offsets: [Int32]

    private static let bucketMask = 63

    /// Creates a set; `keys[i].slot` must be `i` and the names distinct (checked, a programming error).
    init(_ keys: [JSONKey]) {
        precondition(keys.count <= Self.capacity, "a JSONKeySet holds at most \(Self.capacity) keys")
        var buckets = [UInt8](repeating: 0, count: Self.bucketMask + 1)
        var chain = [UInt8](repeating: 0, count: keys.count)
        for (i, key) in keys.enumerated() {
            precondition(key.slot == i, "key \(key.name) is declared with slot \(key.slot) but sits at \(i)")
            precondition(!keys[..<i].contains { $0.bytes == key.bytes }, "key \(key.name) is listed twice")
            let h = Self.hash(key.bytes.span, 0, key.bytes.count)
            // Append to the bucket's chain so earlier keys are tried first.
            if buckets[h] == 0 {
                buckets[h] = UInt8(i + 1)
            } else {
                var s = Int(buckets[h]) - 1
                while chain[s] != 0 { s = Int(chain[s]) - 1 }
                chain[s] = UInt8(i + 1)
            }
        }
        self.keys = keys
        self.allSlots = keys.count == 32 ? ~0 : (1 << UInt32(keys.count)) &- 1
        self.buckets = buckets
        self.chain = chain
        self.packed = keys.flatMap(\.bytes)
        var offsets: [Int32] = [0]
        for key in keys { offsets.append(offsets[offsets.count - 1] + Int32(key.bytes.count)) }
        self.offsets = offsets
    }

    /// The slot of the key whose bytes are `bytes[start..<end]`, or `nil` when it is not in the set.
    @inline(__always)
    func slot(_ bytes: Span<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var s = Int(self.buckets[Self.hash(bytes, start, end)])
        let length = end - start
        let packed = self.packed.span
        while s != 0 {
            let slot = s - 1
            let from = Int(self.offsets[slot])
            if Int(self.offsets[slot + 1]) - from == length {
                var equal = true
                for j in 0..<length where bytes[start + j] != packed[from + j] {
                    equal = false
                    break
                }
                if equal { return slot }
            }
            s = Int(self.chain[slot])
        }
        return nil
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
