/// One rule as written in the rules file, with names still unresolved.
public struct RuleSpec: Sendable, Equatable {
    /// Unique id (`vent-leaves-icu`), carried by every alert the rule raises.
    public var id: String
    /// The condition.
    public var condition: RuleCondition
    /// Which assets it applies to (ignored for gateway rules).
    public var filter: AssetFilter
    /// Overrides the condition's default severity.
    public var severity: AlertSeverity?

    /// Creates a rule.
    public init(
        id: String, condition: RuleCondition, filter: AssetFilter = AssetFilter(), severity: AlertSeverity? = nil
    ) {
        self.id = id
        self.condition = condition
        self.filter = filter
        self.severity = severity
    }
}

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

/// What a rule watches.
public enum RuleCondition: Sendable, Equatable {
    /// Fires when an asset enters one of `zones`, clears when it leaves them.
    case zoneEnter(zones: [String])
    /// Fires when an asset leaves `zones`, clears when it comes back.
    case zoneExit(zones: [String])
    /// Like `zoneEnter` but a security alert (critical by default): "pump enters the loading dock".
    case restrictedZone(zones: [String])
    /// Fires when an asset has stayed in `zones` for `limit`, clears when it leaves.
    case dwell(zones: [String], limit: Duration)
    /// Fires when an asset has not been seen for `after`, clears on its next reading.
    case notSeen(after: Duration)
    /// Fires when battery drops below `below` %, clears at or above `clearAt` %.
    case lowBattery(below: Double, clearAt: Double)
    /// Fires when `metric` stays above `high` or below `low` for their durations; clears after
    /// `clearAfter` back within the bound.
    case sensor(metric: String, high: SensorBound?, low: SensorBound?, clearAfter: Duration)
    /// Fires when a gateway (all configured ones when `gateways` is empty) has sent nothing for
    /// `after`, clears on its next message.
    case gatewayOffline(after: Duration, gateways: [String])
    /// Fires when an asset is located off its home floor between `fromMinute` and `toMinute`
    /// (minutes after midnight, facility time; the window may wrap midnight); clears when it is
    /// back on its home floor or the window ends.
    case afterHours(fromMinute: Int, toMinute: Int)
}

/// Which assets a rule applies to: all listed criteria must match; an empty list matches any.
/// Tags not in the site config never match (they are tracked for location only).
public struct AssetFilter: Sendable, Equatable {
    /// Asset classes (`pump`, `ventilator`).
    public var classes: [String]
    /// Asset groups.
    public var groups: [String]
    /// Asset names.
    public var assets: [String]

    /// Creates a filter; no arguments means every asset.
    public init(classes: [String] = [], groups: [String] = [], assets: [String] = []) {
        self.classes = classes
        self.groups = groups
        self.assets = assets
    }

    /// `true` when `asset` passes every non-empty criterion.
    public func matches(_ asset: Asset) -> Bool {
        (self.classes.isEmpty || self.classes.contains(asset.assetClass.string))
            && (self.groups.isEmpty || self.groups.contains(asset.group.string))
            && (self.assets.isEmpty || self.assets.contains(asset.name.string))
    }
}
