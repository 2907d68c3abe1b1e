/// One tag's BLE room decision, taken over every gateway's readings of a window, a window every step.
///
/// Time is cut into steps of `ble_step` (default half of `ble_window`: 1 s) on the readings' own
/// time; a window is the last `ble_window` (default 2 s) of steps, so windows overlap and one is
/// decided every step. Each gateway's readings in a window are averaged (mean RSSI in dBm); a zone
/// scores its strongest gateway. A window ending at `T` is decided
/// - as soon as every gateway that heard the tag in it or the window before has reported past `T`
///   (its ``GatewayWatermarks`` watermark is at least `T`: no sighting stamped before `T` can still
///   come from it — at once for gateways stamping receive time, after their next whole batch for
///   gateways stamping device time), or
/// - at the latest at the first sighting stamped `ble_max_delay` (default half a window) after `T`,
///   so a gateway that falls silent cannot hold decisions back.
/// A reading for a window already decided is late and changes nothing. At each decided window:
/// - **first fix**: the first window that starts after the tag was first heard (a whole window
///   of evidence, so one weak sighting overheard by another room's gateway does not place it);
///   until then ``observe`` says ``Decision/locating``;
/// - **move**: the strongest zone leads when it beats the current room by `ble_margin_db` (or the
///   current room was not heard in the window); it takes over when every window decided over
///   `ble_windows` whole windows leads (with the defaults: the windows t–t+2, t+1–t+3 and t+2–t+4 s,
///   the same data as two back-to-back windows on a finer grid), or at once when it beats a current
///   room that was heard by `ble_fast_margin_db` — a clear move (10–20 dB) switches at the end of its
///   first whole window.
///
/// A tag back after a silence keeps its room until the rule above moves it: the old room is not
/// heard, so a new one must lead in `ble_windows` windows. Values are kept inline (up to 8 gateways
/// per tag, the stalest is evicted): no allocation per tag or reading.
public struct BLERoomTracker: Sendable {
    /// What one sighting leaves the tag with.
    public enum Decision: Sendable, Equatable {
        /// The first room is not confirmed yet.
        case locating
        /// The decided room (zone index; unchanged when no window closed).
        case room(Int32)
        /// The sighting's window was already decided: it was ignored.
        case late
    }

    /// Open steps kept per gateway: the window being decided (`ble_window` / `ble_step` steps) and
    /// the steps after it that the maximum delay keeps open (checked when the options are parsed).
    public static let ring = 6

    @usableFromInline struct Slot: Sendable, BitwiseCopyable {
        var gateway: Int32 = -1
        var zone: Int32 = -1
        /// Sum and count of RSSI readings per open step, at `step % ring`.
        var sums = InlineArray<6, Float>(repeating: 0)
        var counts = InlineArray<6, UInt16>(repeating: 0)
        var lastHeard: Int64 = Int64.min
    }

    private var slots = InlineArray<8, Slot>(repeating: Slot())
    private var count: Int8 = 0
    /// Index of the oldest open step, where the next window to decide starts (`Int64.min` before
    /// the first sighting).
    private var base: Int64 = Int64.min
    private var candidate: Int32 = -1
    private var streak: Int32 = 0
    /// When the tag was first heard, until its first room is confirmed.
    private var firstHeard: Int64 = Int64.min
    /// The room decided so far (`-1` before the first fix).
    public private(set) var current: Int32 = -1

    /// A tracker with no history.
    public init() {}

    /// Feeds one sighting, deciding every window that has ended by its time and the maximum delay,
    /// then every window the gateways' watermarks show complete.
    ///
    /// - Parameters:
    ///   - gateway: the gateway's index in the site model (or `-2 - zone` for a room node).
    ///   - zone: the zone that gateway covers.
    ///   - rssi: the raw RSSI in dBm.
    ///   - time: device (or receive) time in microseconds.
    ///   - options: the `[location]` settings.
    ///   - watermarks: how far each gateway has reported (without them, windows wait the maximum delay).
    /// - Returns: the tag's room after the sighting, ``Decision/locating`` or ``Decision/late``.
    public mutating func observe(
        gateway: Int32, zone: Int32, rssi: Float, time: Int64, options: LocationOptions,
        watermarks: GatewayWatermarks = GatewayWatermarks()
    ) -> Decision {
        let shape = Shape(options)
        let index = Self.floorDiv(time, shape.step)
        if self.base == Int64.min {
            self.base = index &- (shape.steps &- 1)
            if self.current < 0 { self.firstHeard = time }
        }
        // Windows this sighting is past by the maximum delay are decided whatever the gateways say.
        while self.windowEnd(shape) &+ shape.maxDelay <= time { self.decideOldest(shape, options, index) }
        guard index >= self.base else { return .late }
        self.add(gateway: gateway, zone: zone, rssi: rssi, time: time, at: Self.position(index))
        while self.isReported(shape, watermarks) { self.decideOldest(shape, options, index) }
        return self.current < 0 ? .locating : .room(self.current)
    }

    /// Window, step and maximum delay in microseconds.
    struct Shape {
        /// Decisions are taken every `step`, over the last `steps` steps (one window).
        var step: Int64
        var steps: Int64
        var window: Int64
        var maxDelay: Int64

        init(_ options: LocationOptions) {
            let width = BLERoomTracker.micros(options.bleWindow)
            let step = min(width, options.bleStep.map { BLERoomTracker.micros($0) } ?? max(1, width / 2))
            self.step = step
            self.steps = min(Int64(BLERoomTracker.ring), max(1, width / step))
            self.window = self.steps &* step
            let delay = options.bleMaxDelay.map { BLERoomTracker.micros($0) } ?? width / 2
            // Never more open steps than the ring holds (the options are checked when parsed).
            self.maxDelay = min(max(0, delay), (Int64(BLERoomTracker.ring) &- self.steps) &* step)
        }
    }

    /// Takes `zone` as the current room after another technology (RFID portal, UWB, QR) placed
    /// the tag there, keeping the open windows; BLE must then build a new lead to move it away.
    public mutating func adopt(_ zone: Int32) {
        self.firstHeard = Int64.min
        guard zone != self.current else { return }
        self.current = zone
        self.candidate = -1
        self.streak = 0
    }

    /// Forgets windows and decision (after a reload changed the gateways), keeping `zone` as current.
    public mutating func reset(current zone: Int32) {
        self = BLERoomTracker()
        self.current = zone
    }

    /// `true` while the first room awaits confirmation.
    public var isLocating: Bool { self.current < 0 && self.firstHeard != Int64.min }

    private func windowEnd(_ shape: Shape) -> Int64 { (self.base &+ shape.steps) &* shape.step }

    /// Whether no gateway can still report a sighting for the oldest open window: every gateway that
    /// heard the tag in it or in the window before has a watermark at or past its end (and one did).
    private func isReported(_ shape: Shape, _ watermarks: GatewayWatermarks) -> Bool {
        let end = self.windowEnd(shape)
        let since = end &- 2 &* shape.window
        var any = false
        for i in 0..<Int(self.count) where self.slots[i].lastHeard >= since {
            guard watermarks.watermark(of: self.slots[i].gateway) >= end else { return false }
            any = true
        }
        return any
    }

    /// Decides the oldest open window and opens the next; after a silence, skips to the window of
    /// the sighting at step `index`.
    private mutating func decideOldest(_ shape: Shape, _ options: LocationOptions, _ index: Int64) {
        self.decide(windowStart: self.base &* shape.step, shape: shape, options: options)
        self.drop(self.base)
        self.base &+= 1
        if self.isEmpty, index &- (shape.steps &- 1) > self.base { self.base = index &- (shape.steps &- 1) }
    }

    private var isEmpty: Bool {
        for i in 0..<Int(self.count) {
            for k in 0..<Self.ring where self.slots[i].counts[k] > 0 { return false }
        }
        return true
    }

    private mutating func add(gateway: Int32, zone: Int32, rssi: Float, time: Int64, at position: Int) {
        var stalest = 0
        var found = -1
        for i in 0..<Int(self.count) {
            if self.slots[i].gateway == gateway {
                found = i
                break
            }
            if self.slots[i].lastHeard < self.slots[stalest].lastHeard { stalest = i }
        }
        if found < 0 {
            if Int(self.count) < self.slots.count {
                found = Int(self.count)
                self.count += 1
            } else {
                found = stalest
            }
            self.slots[found] = Slot(gateway: gateway, zone: zone)
        }
        self.slots[found].zone = zone
        self.slots[found].lastHeard = max(self.slots[found].lastHeard, time)
        self.slots[found].sums[position] += rssi
        self.slots[found].counts[position] &+= 1
    }

    /// Empties step `index` (the oldest open one, once decided) for a step `ring` later.
    private mutating func drop(_ index: Int64) {
        let p = Self.position(index)
        for i in 0..<Int(self.count) {
            self.slots[i].sums[p] = 0
            self.slots[i].counts[p] = 0
        }
    }

    /// Decides the window of the `shape.steps` oldest open steps (a window nobody heard the tag in
    /// decides nothing).
    private mutating func decide(windowStart: Int64, shape: Shape, options: LocationOptions) {
        var best: Int32 = -1
        var bestRSSI = -Float.infinity
        var currentRSSI = -Float.infinity
        for i in 0..<Int(self.count) {
            var sum: Float = 0
            var n = 0
            for k in 0..<shape.steps {
                let p = Self.position(self.base &+ k)
                sum += self.slots[i].sums[p]
                n += Int(self.slots[i].counts[p])
            }
            guard n > 0 else { continue }
            let mean = sum / Float(n)
            if mean > bestRSSI {
                bestRSSI = mean
                best = self.slots[i].zone
            }
            if self.slots[i].zone == self.current, mean > currentRSSI { currentRSSI = mean }
        }
        guard best >= 0 else { return }
        if self.current < 0 {
            // First fix: only a window that starts after the first sighting is whole evidence.
            if windowStart > self.firstHeard {
                self.current = best
                self.firstHeard = Int64.min
            }
            return
        }
        let heard = currentRSSI > -Float.infinity
        let lead = bestRSSI - currentRSSI
        guard best != self.current, !heard || lead >= options.bleSwitchMarginDB else {
            self.candidate = -1
            self.streak = 0
            return
        }
        if best == self.candidate {
            self.streak += 1
        } else {
            self.candidate = best
            self.streak = 1
        }
        // `ble_windows` back-to-back windows: with overlapping windows, every window decided over
        // that span must lead (`steps` decisions per window, the first window's included).
        let needed = Int64(options.bleSwitchWindows - 1) &* shape.steps &+ 1
        if Int64(self.streak) >= needed || (heard && lead >= options.bleFastMarginDB) {
            self.current = best
            self.candidate = -1
            self.streak = 0
        }
    }

    private static func position(_ index: Int64) -> Int {
        let r = Int64(Self.ring)
        return Int(((index % r) + r) % r)
    }

    /// The step holding `time` (floor division, so times before the epoch work too).
    private static func floorDiv(_ time: Int64, _ width: Int64) -> Int64 {
        let q = time / width
        return time % width < 0 ? q - 1 : q
    }

    /// `d` in whole microseconds, at least 1.
    public static func micros(_ d: Duration) -> Int64 {
        let c = d.components
        return max(1, c.seconds * 1_000_000 + c.attoseconds / 1_000_000_000_000)
    }
}
