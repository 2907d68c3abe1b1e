/// An open-addressing index from tag id to the tag's position in the engine's state array.
///
/// Every reading looks its tag up among tens of thousands, so this replaces a `Dictionary` keyed
/// by the 64-byte inline id: each slot is 8 bytes (a 32-bit fingerprint of the hash and the
/// index), the table stays a quarter to a half full, and a hit usually costs one cache line here
/// plus the comparison against the tag state the caller touches anyway. The hash is FNV-1a with
/// a per-process random seed followed by a 64-bit finalizer, so crafted ids cannot force
/// collisions predictably.
struct TagTable: Sendable {
    private var slots: [UInt64]
    private var mask: Int
    /// The per-process hash seed.
    let seed: UInt64
    /// Number of entries.
    private(set) var count = 0

    init(minimumCapacity: Int) {
        var size = 16
        while size < minimumCapacity * 2 { size <<= 1 }
        self.slots = [UInt64](repeating: 0, count: size)
        self.mask = size - 1
        self.seed = UInt64.random(in: 1...UInt64.max)
    }

    /// The hash of `tag` for ``find(_:matches:)`` and ``insert(_:index:hashOf:)``.
    @inline(__always)
    func hash(_ tag: TagID) -> UInt64 { Self.hash(tag, seed: self.seed) }

    @inline(__always)
    static func hash(_ tag: TagID, seed: UInt64) -> UInt64 {
        var h = seed ^ 0xcbf2_9ce4_8422_2325
        tag.withUTF8Span { bytes in
            for i in 0..<bytes.count { h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3 }
        }
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    /// The index stored for `hash` whose entry satisfies `matches`, or `nil`.
    @inline(__always)
    func find(_ hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        let fingerprint = (hash >> 32) | 1
        var i = Int(truncatingIfNeeded: hash) & self.mask
        while true {
            let slot = self.slots[i]
            if slot == 0 { return nil }
            if slot >> 32 == fingerprint {
                let index = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF)
                if matches(index) { return index }
            }
            i = (i + 1) & self.mask
        }
    }

    /// Adds an entry; `hashOf` recomputes hashes of existing indices when the table grows.
    mutating func insert(_ hash: UInt64, index: Int32, hashOf: (Int32) -> UInt64) {
        if (self.count + 1) * 2 > self.slots.count {
            let old = self.slots
            self.slots = [UInt64](repeating: 0, count: old.count * 2)
            self.mask = self.slots.count - 1
            for slot in old where slot != 0 {
                let i = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF)
                self.place(hashOf(i), index: i)
            }
        }
        self.place(hash, index: index)
        self.count += 1
    }

    private mutating func place(_ hash: UInt64, index: Int32) {
        let entry = (((hash >> 32) | 1) << 32) | UInt64(UInt32(bitPattern: index))
        var i = Int(truncatingIfNeeded: hash) & self.mask
        while self.slots[i] != 0 { i = (i + 1) & self.mask }
        self.slots[i] = entry
    }
}
