extension RuleEngine {
    /// Opens slot `k` of tag `t` and emits a `fired` alert.
    mutating func fire(
        _ t: Int, _ k: Int, at time: Int64, zone: Int32, value: Double? = nil, threshold: Double? = nil,
        detail: SiteName = SiteName(), into output: inout EngineOutput
    ) {
        let id = self.nextAlertID
        self.nextAlertID &+= 1
        self.tags[t].slots[k].active = true
        self.tags[t].slots[k].alertID = id
        self.tags[t].slots[k].zone = zone
        output.alerts.append(
            self.alert(t, k, id: id, state: .fired, at: time, value: value, threshold: threshold, detail: detail))
    }

    /// Closes slot `k` of tag `t` and emits a `cleared` alert with the firing's id.
    mutating func clear(
        _ t: Int, _ k: Int, at time: Int64, value: Double? = nil, threshold: Double? = nil,
        detail: SiteName = SiteName(), into output: inout EngineOutput
    ) {
        self.tags[t].slots[k].active = false
        let id = self.tags[t].slots[k].alertID
        output.alerts.append(
            self.alert(t, k, id: id, state: .cleared, at: time, value: value, threshold: threshold, detail: detail))
    }

    private func alert(
        _ t: Int, _ k: Int, id: UInt64, state: AlertState, at time: Int64, value: Double?, threshold: Double?,
        detail: SiteName
    ) -> Alert {
        let s = self.tags[t]
        let slot = s.slots[k]
        let rule = self.rules[Int(slot.rule)]
        return Alert(
            alertID: id, ruleID: rule.id, kind: rule.kind, severity: rule.severity, state: state,
            time: Timestamp(microseconds: time), tag: s.tag,
            asset: s.assetName,
            zone: slot.zone >= 0 ? self.site.zones[Int(slot.zone)].name : ZoneName(), gateway: s.gateway,
            method: s.method, value: value, threshold: threshold,
            detail: rule.metric.isEmpty ? detail : SiteName(rule.metric.string) ?? detail)
    }
}
