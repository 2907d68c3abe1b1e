/// Turns topic bytes into a `String` without allocating once a topic has been seen.
///
/// Gateways publish on a small, stable set of topics, so the network thread keeps one `String` per
/// topic and hands out the same one each time. Bounded: past `capacity` topics the table starts over
/// (a topic-per-message publisher costs one allocation per message, as it would without the table).
struct TopicInterner {
    private var table: [[UInt8]: String] = [:]
    private let capacity: Int

    /// Creates an interner holding at most `capacity` topics.
    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The interned string for `bytes` (decoded as UTF-8, invalid sequences repaired).
    mutating func intern(_ bytes: [UInt8]) -> String {
        if let known = self.table[bytes] { return known }
        if self.table.count >= self.capacity { self.table.removeAll(keepingCapacity: true) }
        // Copy the key into storage of its own: `bytes` is the caller's reused buffer, and sharing it
        // would make the caller's next `removeAll(keepingCapacity:)` reallocate.
        var key: [UInt8] = []
        key.reserveCapacity(bytes.count)
        key.append(contentsOf: bytes)
        let topic = String(decoding: key, as: UTF8.self)
        self.table[key] = topic
        return topic
    }
}
