public import RTLSCore

extension RulesStage {
    /// A label set of `rtlsd_rules_alerts_fired_total` / `rtlsd_rules_alerts_cleared_total`.
    public struct AlertTallyKey: Hashable, Sendable {
        /// The rule id from the rules file (a handful per site; never a tag or asset id).
        public var rule: String
        /// What the alert is about.
        public var kind: AlertKind
        /// `true` for fired, `false` for cleared.
        public var fired: Bool
    }
}
