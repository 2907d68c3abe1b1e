/// How far each BLE gateway has reported, in the readings' own time: the event-time watermarks that
/// let a tag's window be decided as soon as no gateway can still report a sighting for it.
///
/// A gateway that stamps device time and uploads batches (Minew G1) has reported everything it heard
/// up to the latest timestamp of its last *whole* message: a batch covers what the gateway heard up to
/// its upload, so once a message stamped up to `w` is through, none stamped before `w` follows. A
/// message counts as through when the next one (any gateway's) begins — readings of one message share
/// their receive time — so a batch whose items are not in time order is never half counted. A gateway
/// whose readings carry the receive time (Theengs, ESPresense, or a device clock rtlsd overrode) can
/// send nothing stamped before now: its watermark is rtlsd's receive clock.
///
/// Keyed like ``BLERoomTracker``'s gateways: a gateway's index in the site model, or `-2 - zone` for a
/// room node that names its room. Unknown keys have no watermark (`Int64.min`): their windows wait
/// for the maximum delay.
public struct GatewayWatermarks: Sendable {
    /// Latest device time of a whole message, per key.
    private var delivered: [Int64]
    /// Latest device time in the message being read, per key (folded into `delivered` at its end).
    private var pending: [Int64]
    /// Keys whose last reading carried the receive time.
    private var receiveStamped: [Bool]
    /// Keys with a pending time.
    private var touched: [Int32] = []
    private let gateways: Int
    /// Receive time of the message being read.
    private var message = Int64.min
    /// Latest receive time seen.
    public private(set) var receiveClock = Int64.min

    /// Watermarks for `gateways` gateways and `zones` room nodes, none reported yet.
    ///
    /// - Parameters:
    ///   - gateways: gateways in the site model (keys `0..<gateways`).
    ///   - zones: zones in the site model (room-node keys `-2 - zone`).
    public init(gateways: Int = 0, zones: Int = 0) {
        self.gateways = gateways
        let n = gateways + zones
        self.delivered = Array(repeating: Int64.min, count: n)
        self.pending = Array(repeating: Int64.min, count: n)
        self.receiveStamped = Array(repeating: false, count: n)
    }

    /// Notes one BLE sighting reported by `gateway`.
    ///
    /// - Parameters:
    ///   - gateway: the tracker's gateway key.
    ///   - time: the sighting's time (device or receive) in microseconds.
    ///   - receivedAt: when rtlsd received its message, in microseconds; a new value starts a new message.
    ///   - receiveTime: `true` when `time` is the receive time.
    public mutating func note(gateway: Int32, time: Int64, receivedAt: Int64, receiveTime: Bool) {
        if receivedAt != self.message {
            self.endMessage()
            self.message = receivedAt
        }
        if receivedAt > self.receiveClock { self.receiveClock = receivedAt }
        guard let k = self.slot(gateway) else { return }
        self.receiveStamped[k] = receiveTime
        guard !receiveTime else { return }
        if self.pending[k] == Int64.min { self.touched.append(gateway) }
        if time > self.pending[k] { self.pending[k] = time }
    }

    /// How far `gateway` has reported: no sighting stamped before it can still come from it.
    ///
    /// - Parameter gateway: the tracker's gateway key.
    /// - Returns: the watermark in microseconds, `Int64.min` when the gateway has not reported.
    public func watermark(of gateway: Int32) -> Int64 {
        guard let k = self.slot(gateway) else { return Int64.min }
        return self.receiveStamped[k] ? self.receiveClock : self.delivered[k]
    }

    /// Folds the message just read into the watermarks.
    private mutating func endMessage() {
        for g in self.touched {
            guard let k = self.slot(g) else { continue }
            if self.pending[k] > self.delivered[k] { self.delivered[k] = self.pending[k] }
            self.pending[k] = Int64.min
        }
        self.touched.removeAll(keepingCapacity: true)
    }

    private func slot(_ gateway: Int32) -> Int? {
        let k = gateway >= 0 ? Int(gateway) : self.gateways + Int(-2 - gateway)
        guard gateway != -1, k >= 0, k < self.delivered.count else { return nil }
        return k
    }
}
