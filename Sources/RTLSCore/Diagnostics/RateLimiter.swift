/// Decides which of many repeated problems to log: the first occurrence of a key, then at most one
/// line per key per interval carrying the count suppressed in between. Owned by one thread.
///
/// Per-reading problems (a malformed payload, an unknown gateway) can arrive thousands of times a
/// second; logging each would drown the journal, logging none would hide them.
public struct RateLimiter<Key: Hashable & Sendable>: Sendable {
    private struct Slot: Sendable {
        var lastEmitted: Timestamp
        var suppressed: Int
    }
    private var slots: [Key: Slot] = [:]
    /// Minimum time between two lines for one key, in microseconds.
    public let intervalMicroseconds: Int64
    /// Upper bound on tracked keys; past it the oldest entries are forgotten.
    public let maxKeys: Int

    /// Creates a limiter allowing one line per key per `intervalMicroseconds` (default one minute).
    public init(intervalMicroseconds: Int64 = 60_000_000, maxKeys: Int = 10_000) {
        self.intervalMicroseconds = intervalMicroseconds
        self.maxKeys = maxKeys
    }

    /// Records one occurrence of `key` at `now`.
    /// - Returns: `nil` to stay quiet, or the number of occurrences suppressed since the last line
    ///   (0 for the first) when a line should be written.
    public mutating func record(_ key: Key, now: Timestamp) -> Int? {
        if var slot = self.slots[key] {
            if now.microseconds - slot.lastEmitted.microseconds >= self.intervalMicroseconds {
                let suppressed = slot.suppressed
                slot.suppressed = 0
                slot.lastEmitted = now
                self.slots[key] = slot
                return suppressed
            }
            slot.suppressed += 1
            self.slots[key] = slot
            return nil
        }
        if self.slots.count >= self.maxKeys {
            let cutoff = now.microseconds - self.intervalMicroseconds
            self.slots = self.slots.filter { $0.value.lastEmitted.microseconds > cutoff }
            if self.slots.count >= self.maxKeys { self.slots.removeAll(keepingCapacity: true) }
        }
        self.slots[key] = Slot(lastEmitted: now, suppressed: 0)
        return 0
    }
}
