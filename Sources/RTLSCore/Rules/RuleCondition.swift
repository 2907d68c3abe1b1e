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
    /// Not an alert: records sessions while `rule`'s signal says the asset is in use.
    case usage(UsageRule)
    /// Fires when an asset has not been in use (by any usage rule) for `after`; clears when a
    /// session starts.
    case idle(after: Duration)
    /// Fires when fewer than `minimum` assets matching the rule's filter are available (located
    /// in `zones` and not in use) for `after`; clears when the count is back at `minimum`.
    case parLevel(zones: [String], minimum: Int, after: Duration)
}
