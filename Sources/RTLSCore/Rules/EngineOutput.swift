/// What the engine produced for a batch of readings or a sweep; reuse one value and call
/// ``removeAll()`` after handing its contents on, so the buffers keep their capacity.
public struct EngineOutput: Sendable {
    /// Alerts fired or cleared, in order.
    public var alerts: [Alert] = []
    /// Zone enter/exit events, in order.
    public var zoneEvents: [ZoneEvent] = []
    /// One current-location row per accepted location reading (upsert by tag; the newest wins).
    public var locations: [AssetLocation] = []

    /// Empty buffers.
    public init() {}

    /// Empties the buffers, keeping their capacity.
    public mutating func removeAll() {
        self.alerts.removeAll(keepingCapacity: true)
        self.zoneEvents.removeAll(keepingCapacity: true)
        self.locations.removeAll(keepingCapacity: true)
    }

    /// `true` when nothing was produced.
    public var isEmpty: Bool { self.alerts.isEmpty && self.zoneEvents.isEmpty && self.locations.isEmpty }
}

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
