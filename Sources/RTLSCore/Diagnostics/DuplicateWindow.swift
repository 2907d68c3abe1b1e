/// Drops MQTT messages seen moments ago: a bounded window of the last `capacity` (topic, payload)
/// keys, each a 64-bit FNV-1a hash, kept in a ring (for eviction, oldest first) plus a set (lookup).
///
/// QoS 1 is at-least-once: a publisher that reconnects resends what the broker had not
/// acknowledged, and a broker resends unacknowledged messages to a resumed session. libmosquitto
/// does not expose the DUP flag, so every message goes through the window: an identical payload on
/// the same topic within the last `capacity` messages is dropped. Vendor payloads carry timestamps
/// or sequence numbers, so distinct readings differ; two genuinely distinct messages would have to
/// be byte-identical (or collide in 64 bits: about 1 in 10^10 per window) to be lost.
///
/// - Important: Not thread-safe: owned by the MQTT network thread, like the ingest pipeline.
public struct DuplicateWindow: Sendable {
    private var ring: [UInt64]
    private var keys: Set<UInt64>
    private var next = 0
    /// Messages dropped so far.
    public private(set) var dropped: UInt64 = 0

    /// How many recent messages are remembered.
    public var capacity: Int { self.ring.count }

    /// Creates an empty window.
    /// - Parameter capacity: messages remembered (at least 1); 65,536 takes about 1.5 MB.
    public init(capacity: Int = 65_536) {
        self.ring = []
        self.ring.reserveCapacity(max(1, capacity))
        self.keys = Set(minimumCapacity: max(1, capacity))
        self.ringCapacity = max(1, capacity)
    }

    private let ringCapacity: Int

    /// Records a message and says whether it was already in the window.
    /// - Returns: `true` for a duplicate (drop it); `false` for a new message, now remembered.
    public mutating func isDuplicate(topic: String, payload: [UInt8]) -> Bool {
        self.isDuplicate(key: Self.key(topic: topic, payload: payload))
    }

    /// Records a precomputed key (see ``key(topic:payload:)``).
    public mutating func isDuplicate(key: UInt64) -> Bool {
        if self.keys.contains(key) {
            self.dropped += 1
            return true
        }
        if self.ring.count < self.ringCapacity {
            self.ring.append(key)
        } else {
            self.keys.remove(self.ring[self.next])
            self.ring[self.next] = key
            self.next = (self.next + 1) % self.ringCapacity
        }
        self.keys.insert(key)
        return false
    }

    /// FNV-1a (64-bit) over the topic's UTF-8 bytes, a zero byte, and the payload.
    public static func key(topic: String, payload: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01B3
        for byte in topic.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
        hash = (hash ^ 0) &* prime
        for byte in payload { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }
}
