/// Counters kept by the engine (exported as metrics by the daemon).
public struct EngineStatistics: Sendable, Equatable {
    /// Readings processed.
    public var readings: UInt64 = 0
    /// Location readings older than the tag's current fix and not more certain (location unchanged).
    public var lateReadings: UInt64 = 0
    /// More certain location readings older than the current fix by more than the arbitration
    /// window (a replayed buffer): location unchanged.
    public var staleReadings: UInt64 = 0
    /// Less certain location readings (BLE) within the arbitration window after a more certain fix
    /// (RFID, UWB …): location unchanged, BLE smoothing still learns from them.
    public var outrankedReadings: UInt64 = 0
    /// BLE readings of a tag whose first room (or first after a silence) is not confirmed yet:
    /// the tag is "locating" and stays where it was.
    public var locatingReadings: UInt64 = 0
    /// Location readings that mapped to no zone and no floor (unknown gateway, zone name or antenna).
    public var unresolvedReadings: UInt64 = 0
    /// Readings of tags not in the config beyond ``LocationOptions/maxUnknownTags``.
    public var untrackedReadings: UInt64 = 0

    /// All zero.
    public init() {}

    /// Readings ignored for location, by reason (`late`, `stale`, `outranked`, `locating`,
    /// `unresolved`, `untracked`), for the `rtlsd_location_readings_ignored_total` metric.
    public var ignoredByReason: [(reason: String, count: UInt64)] {
        [
            ("late", self.lateReadings), ("stale", self.staleReadings), ("outranked", self.outrankedReadings),
            ("locating", self.locatingReadings),
            ("unresolved", self.unresolvedReadings), ("untracked", self.untrackedReadings),
        ]
    }
}
