/// A bound and how long it must hold before a sensor alert fires.
public struct SensorBound: Sendable, Equatable {
    /// The threshold (exclusive: `8` fires on values above 8).
    public var limit: Double
    /// How long the value must stay beyond it (zero fires on the first reading).
    public var duration: Duration

    /// Creates a bound.
    public init(limit: Double, duration: Duration = .zero) {
        self.limit = limit
        self.duration = duration
    }
}
