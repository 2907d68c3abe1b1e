/// Counters kept by the engine (exported as metrics by the daemon).
public struct EngineStatistics: Sendable, Equatable {
    /// Readings processed.
    public var readings: UInt64 = 0
    /// Location readings older than the tag's latest accepted one (location unchanged).
    public var lateReadings: UInt64 = 0
    /// Location readings that mapped to no zone and no floor (unknown gateway, zone name or antenna).
    public var unresolvedReadings: UInt64 = 0
    /// Readings of tags not in the config beyond ``LocationOptions/maxUnknownTags``.
    public var untrackedReadings: UInt64 = 0

    /// All zero.
    public init() {}
}
