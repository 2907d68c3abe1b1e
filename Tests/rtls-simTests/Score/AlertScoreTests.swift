import Testing

@testable import rtls_sim

/// Alert precision and recall from hand-built expected and fired alerts.
@Suite struct AlertScoreTests {
    @Test func alertsMatchByRuleTagAndTime() {
        let expected = [
            TruthLog.ExpectedAlert(t: 10_000, rule: "r1", tag: "A"),
            TruthLog.ExpectedAlert(t: 50_000, rule: "r1", tag: "B"),
            TruthLog.ExpectedAlert(t: 90_000, rule: "r2", tag: "A"),
        ]
        let fired = [
            AlertScore.Fired(t: 15_000, rule: "r1", tag: "A"),  // matches, 5 s late
            AlertScore.Fired(t: 120_000, rule: "r1", tag: "B"),  // too late for B's
            AlertScore.Fired(t: 91_000, rule: "r2", tag: "B"),  // wrong tag
            AlertScore.Fired(t: 90_000, rule: "low-battery", tag: "A"),  // not predicted: ignored
        ]
        let s = AlertScore(expected: expected, fired: fired, rules: ["r1", "r2"], toleranceMs: 30_000)
        #expect(s.total.expected == 3)
        #expect(s.total.fired == 3)
        #expect(s.total.found == 1)
        #expect(s.total.precision == 1.0 / 3)
        #expect(s.total.recall == 1.0 / 3)
        #expect(s.perRule["r1"] == AlertScore.Counts(expected: 2, fired: 2, found: 1))
    }

    @Test func eachFiredAlertMatchesOnceNearestFirst() {
        let expected = [
            TruthLog.ExpectedAlert(t: 10_000, rule: "r", tag: "A"), TruthLog.ExpectedAlert(t: 20_000, rule: "r", tag: "A"),
        ]
        let fired = [AlertScore.Fired(t: 12_000, rule: "r", tag: "A")]
        let s = AlertScore(expected: expected, fired: fired, rules: ["r"])
        #expect(s.total.found == 1)
        #expect(s.total.recall == 0.5)
        #expect(s.total.precision == 1)
        #expect(AlertScore(expected: [], fired: [], rules: ["r"]).total.precision == nil)
    }
}
