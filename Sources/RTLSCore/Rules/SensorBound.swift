/// A bound and how long it must hold before a sensor alert fires.
public struct SensorBound: Sendable, Equatable {
    /// The threshold (exclusive: `8` fires on values above 8).
    public var limit: Double
    /// How long the value must stay beyond it (zero fires on the first reading).
    public var duration: Duration
    /// Hysteresis: the level the value must come back to before the alert can clear
    /// (`clear_below` for an upper bound, `clear_above` for a lower one); `nil` is the bound itself.
    public var clearAt: Double?

    /// Creates a bound.
    public init(limit: Double, duration: Duration = .zero, clearAt: Double? = nil) {
        self.limit = limit
        self.duration = duration
        self.clearAt = clearAt
    }
}
