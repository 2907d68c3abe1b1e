/// Sentinel for "no time recorded".
let noTime = Int64.min

/// A rule's state for one tag (or one gateway, for offline rules).
struct RuleSlot: Sendable, BitwiseCopyable {
    /// Index in the engine's compiled rules.
    var rule: Int32
    /// The alert is fired and not yet cleared.
    var active = false
    /// The open firing's id.
    var alertID: UInt64 = 0
    /// When the condition started (dwell entry, sensor excursion start).
    var since: Int64 = noTime
    /// When the value came back within bounds (sensor clearing).
    var clearSince: Int64 = noTime
    /// Latest reading time seen by this rule (sensor lateness).
    var lastTime: Int64 = noTime
    /// The latest value seen by this rule (sensor): what a timer-fired alert reports.
    var lastValue: Double = .nan
    /// The zone the open alert is about.
    var zone: Int32 = -1
    /// For gateway slots: the gateway's index.
    var gateway: Int32 = -1
    /// Usage slots: when (receive time) the reading at `lastTime` arrived, so the sweep can tell how
    /// long the signal has held since, in device time, whatever the device clock's offset.
    var receivedAt: Int64 = 0

    init(rule: Int32) { self.rule = rule }
}
