import RTLSCore

/// The duplicate check per message, before and after issue 12, on the same message keys:
/// - previous: every message looked up in, inserted into and evicted from a 65,536-key set (the
///   window dropped any repeat within it, redelivery or not);
/// - current: ``RedeliveryFilter`` in steady operation — one ring store; lookups only in the window
///   after a reconnect.
/// Both include the FNV-1a key, which the write-ahead log needs anyway. ``callgrindMeasuredPrevious``
/// and ``callgrindMeasuredCurrent`` are for `valgrind --toggle-collect='*callgrindMeasured*'`.
enum DedupComparison {
    /// The previous algorithm (`DuplicateWindow`, session 1): a ring of keys plus a set.
    struct PreviousWindow {
        private var ring: [UInt64] = []
        private var keys: Set<UInt64>
        private var next = 0
        private let capacity: Int

        init(capacity: Int = 65_536) {
            self.capacity = capacity
            self.keys = Set(minimumCapacity: capacity)
            self.ring.reserveCapacity(capacity)
        }

        mutating func isDuplicate(key: UInt64) -> Bool {
            if self.keys.contains(key) { return true }
            if self.ring.count < self.capacity {
                self.ring.append(key)
            } else {
                self.keys.remove(self.ring[self.next])
                self.ring[self.next] = key
                self.next = (self.next + 1) % self.capacity
            }
            self.keys.insert(key)
            return false
        }
    }

    /// Keys of `messages` made distinct per pass (as live traffic is), `passes` times over.
    static func keys(_ messages: [PipelineInput.Message], pass: Int, index: Int) -> UInt64 {
        RedeliveryFilter.key(topic: messages[index].topic, payload: messages[index].payload) &+ UInt64(pass)
    }

    @inline(never)
    static func callgrindMeasuredPrevious(_ messages: [PipelineInput.Message], passes: Int) -> Int {
        var window = PreviousWindow()
        var dropped = 0
        for pass in 0..<passes {
            for i in messages.indices where window.isDuplicate(key: Self.keys(messages, pass: pass, index: i)) {
                dropped += 1
            }
        }
        return dropped
    }

    @inline(never)
    static func callgrindMeasuredCurrent(_ messages: [PipelineInput.Message], passes: Int) -> Int {
        var filter = RedeliveryFilter()
        filter.connectionEstablished(at: Timestamp(microseconds: 0))
        var dropped = 0
        var t: Int64 = 20_000_000  // past the start window: steady operation
        for pass in 0..<passes {
            for i in messages.indices {
                t += 200
                if filter.isRedelivery(key: Self.keys(messages, pass: pass, index: i), at: Timestamp(microseconds: t)) {
                    dropped += 1
                }
            }
        }
        return dropped
    }
}
