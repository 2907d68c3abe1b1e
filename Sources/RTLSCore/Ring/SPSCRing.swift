import Synchronization

/// A bounded, lock-free single-producer single-consumer ring buffer of trivially copyable values.
///
/// The producer is the MQTT ingest thread, the consumer the writer thread. Indices grow without
/// wrapping (an `Int` counting pushes would take 290,000 years at a billion per second to overflow)
/// and are masked into a power-of-two slot array. Head and tail sit on their own 128-byte spans so
/// the two threads do not share a cache line (or the adjacent line the prefetcher pulls in), and
/// each side caches the other's index so it touches the shared line only when it seems full/empty.
///
/// - Important: exactly one thread may call the producer methods (`push`) and exactly one thread
///   the consumer methods (`pop`, `drain`). Both may read `count` and the statistics.
@safe public final class SPSCRing<Element: BitwiseCopyable>: @unchecked Sendable {
    // SAFETY (@safe): the raw slot pointer never leaves this class; every access is bounds-masked
    // and follows the index protocol below.
    // SAFETY (@unchecked Sendable): the only shared mutable state is the slot array and the two
    // atomics. A slot is written by the producer only while it is outside [head, tail) and read by
    // the consumer only while inside it; the release store of `tail` after writing a slot and the
    // acquire load before reading it order the slot access (and symmetrically for `head`). The
    // cached indices are each touched by one side only, per the single-producer/single-consumer
    // contract documented above.

    /// Next index the consumer will read. Written by the consumer only.
    private let head = Atomic<Int>(0)
    private let padHead: InlineArray<15, Int> = InlineArray(repeating: 0)
    /// Next index the producer will write. Written by the producer only.
    private let tail = Atomic<Int>(0)
    private let padTail: InlineArray<15, Int> = InlineArray(repeating: 0)
    /// Producer's last view of `head`.
    private var producerCachedHead = 0
    private let padProducer: InlineArray<15, Int> = InlineArray(repeating: 0)
    /// Consumer's last view of `tail`.
    private var consumerCachedTail = 0
    private let padConsumer: InlineArray<15, Int> = InlineArray(repeating: 0)

    private let slots: UnsafeMutablePointer<Element>
    private let mask: Int

    /// Number of slots (a power of two).
    public let capacity: Int

    let fullNanoseconds = Atomic<UInt64>(0)
    let fullEpisodes = Atomic<UInt64>(0)

    /// Creates a ring with at least `minimumCapacity` slots (rounded up to a power of two).
    public init(minimumCapacity: Int) {
        precondition(minimumCapacity > 0 && minimumCapacity <= 1 << 30, "ring capacity out of range")
        var capacity = 1
        while capacity < minimumCapacity { capacity <<= 1 }
        self.capacity = capacity
        self.mask = capacity - 1
        // SAFETY: allocated once here, freed once in deinit; never reallocated. Slots are
        // uninitialised memory, which is fine for BitwiseCopyable elements: a slot is read only
        // after the producer has written it (see the index protocol above).
        unsafe self.slots = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
    }

    deinit {
        // SAFETY: no other reference exists once deinit runs, so no thread can touch the slots.
        unsafe self.slots.deallocate()
    }

    /// Number of elements currently queued (a snapshot; exact only when both sides are idle).
    public var count: Int {
        let t = self.tail.load(ordering: .acquiring)
        let h = self.head.load(ordering: .acquiring)
        return t - h
    }

    /// Total elements ever pushed.
    public var pushedTotal: Int { self.tail.load(ordering: .relaxed) }

    /// Total elements ever popped.
    public var poppedTotal: Int { self.head.load(ordering: .relaxed) }

    // MARK: Producer

    /// Appends one element if there is room.
    /// - Returns: `false` when the ring is full (nothing was written).
    /// - Important: producer thread only.
    @inline(__always)
    public func push(_ element: Element) -> Bool {
        let t = self.tail.load(ordering: .relaxed)
        if t - self.producerCachedHead >= self.capacity {
            self.producerCachedHead = self.head.load(ordering: .acquiring)
            if t - self.producerCachedHead >= self.capacity { return false }
        }
        // SAFETY: t & mask is in 0..<capacity; the slot is free because t - head < capacity, and
        // the consumer will not read it before the release store of tail below.
        unsafe (self.slots + (t & self.mask)).initialize(to: element)
        self.tail.store(t + 1, ordering: .releasing)
        return true
    }

    /// Free slots as the producer sees them now.
    /// - Important: producer thread only.
    public func freeSlots() -> Int {
        let t = self.tail.load(ordering: .relaxed)
        self.producerCachedHead = self.head.load(ordering: .acquiring)
        return self.capacity - (t - self.producerCachedHead)
    }

    // MARK: Consumer

    /// Removes the oldest element, if any.
    /// - Important: consumer thread only.
    @inline(__always)
    public func pop() -> Element? {
        let h = self.head.load(ordering: .relaxed)
        if h == self.consumerCachedTail {
            self.consumerCachedTail = self.tail.load(ordering: .acquiring)
            if h == self.consumerCachedTail { return nil }
        }
        // SAFETY: h < tail, so the producer has written this slot and published it with its
        // release store; it will not overwrite it before our release store of head.
        let element = unsafe (self.slots + (h & self.mask)).pointee
        self.head.store(h + 1, ordering: .releasing)
        return element
    }

    /// Moves up to `maxCount` of the oldest elements to the end of `buffer`.
    /// - Returns: how many were moved.
    /// - Important: consumer thread only.
    public func drain(into buffer: inout [Element], maxCount: Int) -> Int {
        let h = self.head.load(ordering: .relaxed)
        var available = self.consumerCachedTail - h
        if available < maxCount {
            self.consumerCachedTail = self.tail.load(ordering: .acquiring)
            available = self.consumerCachedTail - h
        }
        let n = min(available, maxCount)
        guard n > 0 else { return 0 }
        // The n readable slots are at most two contiguous runs: from h's slot to the end of the
        // array, then from slot 0. Each run is appended with one bulk copy.
        let start = h & self.mask
        let first = min(n, self.capacity - start)
        // SAFETY: slots [start, start + first) and [0, n - first) hold indices h ..< h + n, all
        // below tail (published by the producer's release store, observed by our acquire load), so
        // they are initialised and stay ours until the release store of head below; both ranges
        // lie inside the allocation (start + first <= capacity, n - first < capacity).
        unsafe buffer.append(contentsOf: UnsafeBufferPointer(start: self.slots + start, count: first))
        if n > first {
            unsafe buffer.append(contentsOf: UnsafeBufferPointer(start: self.slots, count: n - first))
        }
        self.head.store(h + n, ordering: .releasing)
        return n
    }
}
