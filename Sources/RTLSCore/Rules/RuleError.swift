/// Why a rule set cannot be built against a site model; the config loader adds file and line.
public struct RuleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule's id (empty when the id itself is the problem).
    public var ruleID: String
    /// The problem, with the key at fault.
    public var site: SiteError

    /// Creates a rule error.
    public init(ruleID: String, _ code: SiteError.Code, key: String, detail: String) {
        self.ruleID = ruleID
        self.site = SiteError(code, key: key, detail: detail)
    }

    /// The reason.
    public var code: SiteError.Code { self.site.code }
    /// The key at fault.
    public var key: String { self.site.key }

    public var description: String { "rule \"\(self.ruleID)\": \(self.site)" }
}
