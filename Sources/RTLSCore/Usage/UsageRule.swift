/// A usage rule's settings: which signal means "in use", its thresholds, and how long it must
/// hold on before a session starts and off before it ends (hysteresis in time).
public struct UsageRule: Sendable, Equatable {
    /// The signal.
    public var signal: UsageSignal
    /// The sensor metric (power, state, motion); empty for zone signals.
    public var metric: String
    /// On above this value (power; motion by magnitude). `nil` for a motion counter.
    public var onAbove: Double?
    /// Off at or below this value (defaults to `onAbove`).
    public var offBelow: Double?
    /// Zones for zone signals.
    public var zones: [String]
    /// Zone kinds for zone signals (site.toml `kind`, e.g. `patient_room`): every zone of these
    /// kinds counts, besides `zones`.
    public var zoneKinds: [String] = []
    /// The signal must stay on this long before a session starts (shorter blips are not sessions).
    public var startAfter: Duration
    /// The signal must stay off this long before the session ends (short drops keep it open).
    public var endAfter: Duration

    /// Creates usage settings.
    public init(
        signal: UsageSignal, metric: String = "", onAbove: Double? = nil, offBelow: Double? = nil,
        zones: [String] = [], startAfter: Duration = .zero, endAfter: Duration = .zero
    ) {
        self.signal = signal
        self.metric = metric
        self.onAbove = onAbove
        self.offBelow = offBelow
        self.zones = zones
        self.startAfter = startAfter
        self.endAfter = endAfter
    }
}
