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
