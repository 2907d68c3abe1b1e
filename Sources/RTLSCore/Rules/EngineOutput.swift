/// What the engine produced for a batch of readings or a sweep; reuse one value and call
/// ``removeAll()`` after handing its contents on, so the buffers keep their capacity.
public struct EngineOutput: Sendable {
    /// Alerts fired or cleared, in order.
    public var alerts: [Alert] = []
    /// Zone enter/exit events, in order.
    public var zoneEvents: [ZoneEvent] = []
    /// One current-location row per accepted location reading (upsert by tag; the newest wins).
    public var locations: [AssetLocation] = []
    /// Usage sessions closed, in order.
    public var usage: [UsageSession] = []
    /// Acknowledgements and escalations (added by the rules stage, not the engine), in order.
    public var alertActions: [AlertAction] = []

    /// Empty buffers.
    public init() {}

    /// Empties the buffers, keeping their capacity.
    public mutating func removeAll() {
        self.alerts.removeAll(keepingCapacity: true)
        self.zoneEvents.removeAll(keepingCapacity: true)
        self.locations.removeAll(keepingCapacity: true)
        self.usage.removeAll(keepingCapacity: true)
        self.alertActions.removeAll(keepingCapacity: true)
    }

    /// `true` when nothing was produced.
    public var isEmpty: Bool { self.alerts.isEmpty && self.zoneEvents.isEmpty && self.locations.isEmpty && self.usage.isEmpty
            && self.alertActions.isEmpty
    }
}
