/// Drops MQTT messages that are redeliveries, and only those.
///
/// QoS 1 is at-least-once, but duplicates arise only around a connection that was lost:
/// - the broker resends, to a resumed session, the messages whose PUBACK it did not get — the last
///   few rtlsd received before the connection dropped (or before rtlsd was killed: with the
///   write-ahead log those are in the log);
/// - a publisher that reconnects (typically because the broker restarted, which drops rtlsd too)
///   resends what the broker had not acknowledged; the broker forwards those as new messages.
///
/// In steady operation no message is a duplicate: N identical payloads on a topic (an ESPHome probe
/// publishing `4.5` every few seconds) are N readings. So the filter only *remembers* in steady
/// operation — the key and receive time of each of the last `capacity` messages, in a ring, with
/// no set to maintain — and *drops* only in the `horizon` after ``connectionEstablished(at:)``:
/// - a message equal to one received in the `horizon` before the lost connection's last message
///   (its PUBACK may not have reached the broker) — each such key for the whole window, since the
///   broker's redelivery and the publisher's resend may both come;
/// - after a *short* outage (reconnected within 3 × `horizon` of the loss, as when the broker
///   restarts), a second copy of a message first received in the window: the broker's queued
///   original and the publisher's resend can both arrive after the reconnect. Each message received
///   in the window cancels at most one later copy. After a longer outage (rtlsd's connection was
///   down while the broker queued) this is off, so a sensor's repeated readings queued meanwhile
///   are all kept;
/// - at start, with the write-ahead log and unless the last run stopped cleanly, each message the
///   log holds from the `horizon` before the last logged one, once (publishers did not reconnect);
/// - after every connection, a QoS 1/2 message with the packet identifier *and* key of one received
///   earlier in the window: a second resend of a message the broker held unacknowledged (once,
///   mosquitto 2.0.11 was seen sending held messages twice on a resumed session, with DUP set and
///   the original identifier; not reproduced since, so this is a guard). Only the first 65,535
///   messages of a window are compared: within them a broker does not reuse an identifier for
///   another message.
///
/// A real measurement is lost only when its payload is byte-identical to one of those on the same
/// topic *and* it arrives within `horizon` of the reconnect; keys are 64-bit FNV-1a hashes.
///
/// - Important: Not thread-safe: owned by the MQTT network thread, like the ingest pipeline.
public struct RedeliveryFilter: Sendable {
    private var keys: [UInt64]
    private var times: [Int64]
    private var next = 0
    private var filled = 0
    /// Keys from before the connection (or logged before a restart), with how often they may come.
    private var suspects: [UInt64: Int] = [:]
    /// Keys first received in the window after a short outage: each cancels one later copy.
    private var repeats: [UInt64: Int] = [:]
    /// Packet identifier mixed into the key, for each QoS 1/2 message of the window.
    private var resends: Set<UInt64> = []
    /// How many more messages of the window are compared by packet identifier.
    private var resendBudget = 0
    private var armedUntil = Int64.min
    /// After a lost connection (not at start): suspects stay for the whole window.
    private var afterLoss = false
    /// After a short outage: messages in the window become `repeats`.
    private var shortOutage = false
    private var lostAt = Int64.min
    private var connections = 0
    private let horizon: Int64
    /// Messages dropped so far.
    public private(set) var dropped: UInt64 = 0

    /// How many recent messages are remembered.
    public var capacity: Int { self.keys.count }
    /// How long after a connection redeliveries are dropped, in seconds.
    public var horizonSeconds: Int64 { self.horizon / 1_000_000 }
    /// Keys still expected as possible redeliveries.
    public var suspectCount: Int { self.suspects.values.reduce(0, +) + self.repeats.values.reduce(0, +) }

    /// Creates an empty filter.
    /// - Parameters:
    ///   - capacity: messages remembered (at least 1); 65,536 take 1 MB.
    ///   - horizonMicroseconds: how far before a lost connection a message may be redelivered, and
    ///     for how long after the next connection.
    public init(capacity: Int = 65_536, horizonMicroseconds: Int64 = 10_000_000) {
        self.keys = Array(repeating: 0, count: max(1, capacity))
        self.times = Array(repeating: 0, count: max(1, capacity))
        self.horizon = max(0, horizonMicroseconds)
    }

    /// Remembers a message received (steady operation: a ring store, no lookup).
    public mutating func record(key: UInt64, at time: Timestamp) {
        self.keys[self.next] = key
        self.times[self.next] = time.microseconds
        self.next = (self.next + 1) % self.keys.count
        self.filled = min(self.filled + 1, self.keys.count)
    }

    /// The newest message was acknowledged only now (its handling waited: a full log or ring): it
    /// stays in doubt relative to this time, not to when it arrived.
    public mutating func restampNewest(at time: Timestamp) {
        guard self.filled > 0 else { return }
        self.times[(self.next - 1 + self.keys.count) % self.keys.count] = time.microseconds
    }

    /// A connection was established (at start, or after one was lost): the messages remembered from
    /// the `horizon` before the newest one become suspects for the `horizon` from `now`.
    public mutating func connectionEstablished(at now: Timestamp) {
        if now.microseconds > self.armedUntil {
            self.suspects.removeAll(keepingCapacity: true)
            self.repeats.removeAll(keepingCapacity: true)
        }
        if self.filled > 0 {
            let newest = self.times[(self.next - 1 + self.keys.count) % self.keys.count]
            var i = self.next
            for _ in 0..<self.filled {
                i = (i - 1 + self.keys.count) % self.keys.count
                guard self.times[i] >= newest &- self.horizon else { break }
                self.suspects[self.keys[i], default: 0] += 1
            }
        }
        self.filled = 0
        self.resends.removeAll(keepingCapacity: true)
        self.resendBudget = Int(UInt16.max)
        self.armedUntil = now.microseconds &+ self.horizon
        self.afterLoss = self.connections > 0
        self.shortOutage = self.afterLoss && self.lostAt != Int64.min && now.microseconds &- self.lostAt <= 3 &* self.horizon
        self.connections += 1
    }

    /// The connection was lost (how long the outage lasts decides whether messages in the next
    /// window may cancel later copies).
    public mutating func connectionLost(at now: Timestamp) {
        self.lostAt = now.microseconds
    }

    /// Whether the message is a redelivery (drop it); otherwise it is remembered.
    /// - Parameter packetID: the MQTT packet identifier, 0 for QoS 0 (never resent by a broker).
    /// - Returns: `true` only within `horizon` after a connection was established: for a key received
    ///   shortly before the previous one was lost (at most once per such message), or for a resend
    ///   of a message already received in the window (same packet identifier and key).
    public mutating func isRedelivery(key: UInt64, packetID: UInt16 = 0, at now: Timestamp) -> Bool {
        if now.microseconds <= self.armedUntil {
            if packetID != 0 && self.resendBudget > 0 {
                // Recorded before the checks below, so the resend of a dropped suspect is dropped too.
                let tagged = key ^ (UInt64(packetID) &* 0x9E37_79B9_7F4A_7C15)
                if !self.resends.insert(tagged).inserted {
                    self.dropped += 1
                    return true
                }
                self.resendBudget -= 1
            }
            if let n = self.suspects[key] {
                // After a loss a message may come back more than once (the broker's redelivery and
                // the publisher's resend): it stays a suspect for the window. At start each logged
                // message is redelivered at most once.
                if !self.afterLoss { self.suspects[key] = n == 1 ? nil : n - 1 }
                self.dropped += 1
                return true
            }
            if let n = self.repeats[key] {
                self.repeats[key] = n == 1 ? nil : n - 1
                self.dropped += 1
                return true
            }
            // After a short outage a message and its resend may both arrive after the reconnect
            // (the broker had queued the original; the publisher resent it).
            if self.shortOutage { self.repeats[key, default: 0] += 1 }
        } else if !self.suspects.isEmpty || !self.repeats.isEmpty || !self.resends.isEmpty {
            self.suspects.removeAll()
            self.repeats.removeAll()
            self.resends.removeAll()
        }
        self.record(key: key, at: now)
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
