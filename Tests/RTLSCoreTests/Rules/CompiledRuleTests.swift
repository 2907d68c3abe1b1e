import RTLSCore
import Testing

@Suite struct CompiledRuleTests {
    @Test(arguments: [
        (RuleSpec(id: "a", condition: .zoneEnter(zones: ["MOON"])), SiteError.Code.unknownReference, "zone"),
        (RuleSpec(id: "b", condition: .lowBattery(below: 20, clearAt: 15)), .invalidValue, "clear_at"),
        (
            RuleSpec(id: "c", condition: .gatewayOffline(after: .seconds(60), gateways: ["gw-zz"])), .unknownReference,
            "gateways"
        ),
        (RuleSpec(id: "d", condition: .afterHours(fromMinute: 1500, toMinute: 60)), .invalidValue, "from"),
        (
            RuleSpec(
                id: "e",
                condition: .sensor(
                    metric: "t", high: SensorBound(limit: 2), low: SensorBound(limit: 8),
                    clearAfter: .zero)), .invalidValue, "below"
        ),
        (RuleSpec(id: "f", condition: .notSeen(after: .zero)), .invalidValue, "after"),
        (RuleSpec(id: String(repeating: "x", count: 40), condition: .notSeen(after: .seconds(1))), .nameTooLong, "id"),
    ])
    func invalidRulesNameTheKey(spec: RuleSpec, code: SiteError.Code, key: String) throws {
        let error = #expect(throws: RuleError.self) { _ = try TestSite.engine([spec]) }
        #expect(error?.code == code)
        #expect(error?.key == key)
        #expect(error?.ruleID == spec.id)
    }

    @Test func duplicateIDsAreRejected() throws {
        let spec = RuleSpec(id: "same", condition: .notSeen(after: .seconds(1)))
        let error = #expect(throws: RuleError.self) { _ = try TestSite.engine([spec, spec]) }
        #expect(error?.code == .duplicateName)
    }
}
