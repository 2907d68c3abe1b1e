/// One tag's BLE room decision: per-gateway smoothed RSSI plus switching hysteresis.
///
/// Smoothing is a time-aware EWMA per gateway (`s += α · (rssi - s)` with `α = Δt / (Δt + τ)`, τ = window,
/// close to `1 - e^(-Δt/τ)` without a libm call):
/// O(1) time and 16 bytes per gateway, where a median would need a buffer of samples per gateway
/// per tag. A gateway not heard for a whole window is ignored (the tag left its range).
///
/// The decision is taken once per window (the first reading of a new window closes the previous
/// one): the room with the strongest gateway must beat the current room by `marginDB` at
/// `switchWindows` consecutive window closes before the tag moves. The first fix needs evidence
/// too: it is taken at the first sighting a whole window after the first one, from every gateway
/// heard in that window, so one weak sighting overheard by a neighbouring room's gateway does not
/// place it there; until then ``observe`` says `nil`. (A tag back after a silence is covered by the
/// switching rule: its old room has gone stale, and a new one must lead at two window closes.)
/// Values are kept inline (up to 8 gateways per tag, the stalest is evicted), so tracking costs
/// no allocation per tag or reading.
public struct BLERoomTracker: Sendable {
    @usableFromInline struct Slot: Sendable, BitwiseCopyable {
        var gateway: Int32 = -1
        var zone: Int32 = -1
        var rssi: Float = 0
        var time: Int64 = 0
    }

    private var slots = InlineArray<8, Slot>(repeating: Slot())
    private var count: Int8 = 0
    private var window: Int64 = Int64.min
    private var candidate: Int32 = -1
    private var streak: Int32 = 0
    /// When the tag was first heard, until its first room is confirmed (`min` when confirmed).
    private var heardSince: Int64 = Int64.min
    /// The newest sighting (older ones are ignored: the engine keeps per-source order).
    private var latest: Int64 = Int64.min
    /// The room decided so far (`-1` before the first fix).
    public private(set) var current: Int32 = -1

    /// A tracker with no history.
    public init() {}

    /// Feeds one sighting and returns the decided zone index, or `nil` while the tag's first room is
    /// not confirmed yet (first heard less than a window ago).
    ///
    /// - Parameters:
    ///   - gateway: the gateway's index in the site model.
    ///   - zone: the zone that gateway covers.
    ///   - rssi: the raw RSSI in dBm.
    ///   - time: device time in microseconds; a sighting older than the newest is ignored.
    public mutating func observe(
        gateway: Int32, zone: Int32, rssi: Float, time: Int64, options: LocationOptions
    ) -> Int32? {
        let tau = Self.micros(options.bleWindow)
        guard time >= self.latest else { return self.heardSince == Int64.min ? self.current : nil }
        if self.current < 0, self.heardSince == Int64.min { self.heardSince = time }
        self.latest = time
        self.update(gateway: gateway, zone: zone, rssi: rssi, time: time, tau: tau)
        if self.heardSince != Int64.min {
            guard time - self.heardSince >= tau else { return nil }
            self.current = self.strongest(at: time, freshness: tau).zone
            self.heardSince = Int64.min
            self.window = time / tau
            return self.current
        }
        let w = time / tau
        guard w != self.window else { return self.current }
        self.window = w
        let (best, bestRSSI) = self.strongest(at: time, freshness: tau)
        let currentRSSI = self.strength(of: self.current, at: time, freshness: tau)
        if best >= 0, best != self.current, bestRSSI - currentRSSI >= options.bleSwitchMarginDB {
            if best == self.candidate {
                self.streak += 1
            } else {
                self.candidate = best
                self.streak = 1
            }
            if self.streak >= options.bleSwitchWindows {
                self.current = best
                self.candidate = -1
                self.streak = 0
            }
        } else {
            self.candidate = -1
            self.streak = 0
        }
        return self.current
    }

    /// Takes `zone` as the current room after another technology (RFID portal, UWB, QR) placed
    /// the tag there, keeping the smoothing; BLE must then build a new lead to move it away.
    public mutating func adopt(_ zone: Int32) {
        self.heardSince = Int64.min
        guard zone != self.current else { return }
        self.current = zone
        self.candidate = -1
        self.streak = 0
    }

    /// Forgets smoothing and decision (after a reload changed the gateways), keeping `zone` as current.
    public mutating func reset(current zone: Int32) {
        self = BLERoomTracker()
        self.current = zone
    }

    /// `true` while the first room awaits confirmation.
    public var isLocating: Bool { self.heardSince != Int64.min }

    private mutating func update(gateway: Int32, zone: Int32, rssi: Float, time: Int64, tau: Int64) {
        var oldest = 0
        for i in 0..<Int(self.count) {
            if self.slots[i].gateway == gateway {
                let dt = max(0, time - self.slots[i].time)
                let alpha = Float(Double(dt) / Double(dt + tau))
                self.slots[i].rssi += alpha * (rssi - self.slots[i].rssi)
                self.slots[i].time = time
                self.slots[i].zone = zone
                return
            }
            if self.slots[i].time < self.slots[oldest].time { oldest = i }
        }
        let slot = Slot(gateway: gateway, zone: zone, rssi: rssi, time: time)
        if Int(self.count) < self.slots.count {
            self.slots[Int(self.count)] = slot
            self.count += 1
        } else {
            self.slots[oldest] = slot
        }
    }

    private func strongest(at time: Int64, freshness: Int64) -> (zone: Int32, rssi: Float) {
        var zone: Int32 = -1
        var best = -Float.infinity
        for i in 0..<Int(self.count) where time - self.slots[i].time <= freshness && self.slots[i].rssi > best {
            best = self.slots[i].rssi
            zone = self.slots[i].zone
        }
        return (zone, best)
    }

    private func strength(of zone: Int32, at time: Int64, freshness: Int64) -> Float {
        var best = -Float.infinity
        for i in 0..<Int(self.count)
        where self.slots[i].zone == zone && time - self.slots[i].time <= freshness && self.slots[i].rssi > best {
            best = self.slots[i].rssi
        }
        return best
    }

    static func micros(_ d: Duration) -> Int64 {
        let c = d.components
        return max(1, c.seconds * 1_000_000 + c.attoseconds / 1_000_000_000_000)
    }
}
