/// One tag's BLE room decision, taken at window ends over every gateway's readings of the window.
///
/// Time is cut into windows of `ble_window` (default 2 s) on the readings' own time. Each gateway's
/// readings in a window are averaged (mean RSSI in dBm); a zone scores its strongest gateway. A
/// window is decided when the first reading stamped at least half a window after its end arrives
/// (gateways that batch their uploads have sent theirs by then); a reading for a window already
/// decided is late and changes nothing. At each decided window:
/// - **first fix**: the first window that starts after the tag was first heard (a whole window
///   of evidence, so one weak sighting overheard by another room's gateway does not place it);
///   until then ``observe`` says ``Decision/locating``;
/// - **move**: the strongest zone leads when it beats the current room by `ble_margin_db` (or the
///   current room was not heard in the window); it takes over after leading in `ble_windows`
///   consecutive decided windows, or at once when it beats a current room that was heard by
///   `ble_fast_margin_db` — a clear move (10–20 dB) switches at the end of its first whole window.
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

    @usableFromInline struct Slot: Sendable, BitwiseCopyable {
        var gateway: Int32 = -1
        var zone: Int32 = -1
        /// Sum and count of RSSI readings in the older open window (`base`) and the newer (`base + 1`).
        var sumOld: Float = 0
        var sumNew: Float = 0
        var countOld: UInt16 = 0
        var countNew: UInt16 = 0
        var lastHeard: Int64 = Int64.min
    }

    private var slots = InlineArray<8, Slot>(repeating: Slot())
    private var count: Int8 = 0
    /// Index of the older of the two open windows (`Int64.min` before the first sighting).
    private var base: Int64 = Int64.min
    private var candidate: Int32 = -1
    private var streak: Int32 = 0
    /// When the tag was first heard, until its first room is confirmed.
    private var firstHeard: Int64 = Int64.min
    /// The room decided so far (`-1` before the first fix).
    public private(set) var current: Int32 = -1

    /// A tracker with no history.
    public init() {}

    /// Feeds one sighting, deciding every window that has ended by its time.
    ///
    /// - Parameters:
    ///   - gateway: the gateway's index in the site model.
    ///   - zone: the zone that gateway covers.
    ///   - rssi: the raw RSSI in dBm.
    ///   - time: device (or receive) time in microseconds.
    public mutating func observe(
        gateway: Int32, zone: Int32, rssi: Float, time: Int64, options: LocationOptions
    ) -> Decision {
        let width = Self.micros(options.bleWindow)
        let index = Self.window(of: time, width: width)
        if self.base == Int64.min {
            self.base = index
            if self.current < 0 { self.firstHeard = time }
        }
        let grace = width / 2
        while (self.base &+ 1) &* width &+ grace <= time {
            self.decide(windowStart: self.base &* width, width: width, options: options)
            self.shift()
            if self.isEmpty, index > self.base { self.base = index }
        }
        guard index >= self.base else { return .late }
        self.add(gateway: gateway, zone: zone, rssi: rssi, time: time, newer: index > self.base)
        return self.current < 0 ? .locating : .room(self.current)
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

    private var isEmpty: Bool {
        for i in 0..<Int(self.count) where self.slots[i].countOld > 0 || self.slots[i].countNew > 0 { return false }
        return true
    }

    private mutating func add(gateway: Int32, zone: Int32, rssi: Float, time: Int64, newer: Bool) {
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
        if newer {
            self.slots[found].sumNew += rssi
            self.slots[found].countNew &+= 1
        } else {
            self.slots[found].sumOld += rssi
            self.slots[found].countOld &+= 1
        }
    }

    /// Moves the newer open window into the older slot and opens an empty newer one.
    private mutating func shift() {
        for i in 0..<Int(self.count) {
            self.slots[i].sumOld = self.slots[i].sumNew
            self.slots[i].countOld = self.slots[i].countNew
            self.slots[i].sumNew = 0
            self.slots[i].countNew = 0
        }
        self.base &+= 1
    }

    /// Decides the older open window (a window nobody heard the tag in decides nothing).
    private mutating func decide(windowStart: Int64, width: Int64, options: LocationOptions) {
        var best: Int32 = -1
        var bestRSSI = -Float.infinity
        var currentRSSI = -Float.infinity
        for i in 0..<Int(self.count) where self.slots[i].countOld > 0 {
            let mean = self.slots[i].sumOld / Float(self.slots[i].countOld)
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
        if self.streak >= options.bleSwitchWindows || (heard && lead >= options.bleFastMarginDB) {
            self.current = best
            self.candidate = -1
            self.streak = 0
        }
    }

    /// The window holding `time` (floor division, so times before the epoch work too).
    private static func window(of time: Int64, width: Int64) -> Int64 {
        let q = time / width
        return time % width < 0 ? q - 1 : q
    }

    static func micros(_ d: Duration) -> Int64 {
        let c = d.components
        return max(1, c.seconds * 1_000_000 + c.attoseconds / 1_000_000_000_000)
    }
}
