import RTLSCore
import Testing

@Suite struct PARAndIdleTests {
    static let inUse = RuleSpec(
        id: "pump-power", condition: .usage(UsageRule(signal: .power, metric: "power", onAbove: 5)),
        filter: AssetFilter(classes: ["pump", "bed"]))
    static let par = RuleSpec(
        id: "ward-par", condition: .parLevel(zones: ["WARD"], minimum: 2, after: .seconds(30)),
        filter: AssetFilter(classes: ["pump", "bed"]))

    @Test func parFiresBelowAfterItsDelayAndClearsWhenRestocked() throws {
        var engine = try TestSite.engine([Self.inUse, Self.par])
        // Two available in WARD: at the PAR level.
        _ = TestSite.run(&engine, [TestSite.uwb("pump1", 15, 5, 1), TestSite.uwb("bed4", 15, 5, 1)])
        #expect(TestSite.sweep(&engine, 2).alerts.isEmpty)
        // PUMP-1 goes into use: one available from 10 s; fires 30 s later.
        _ = TestSite.run(&engine, [TestSite.sensor("pump1", "power", 40, 10)])
        #expect(TestSite.sweep(&engine, 11).alerts.isEmpty)
        #expect(TestSite.sweep(&engine, 40).alerts.isEmpty)
        let fired = TestSite.sweep(&engine, 41).alerts
        #expect(fired.map(\.kind) == [.parLevel] && fired.map(\.state) == [.fired])
        #expect(fired.first?.zone == "WARD" && fired.first?.value == 1 && fired.first?.threshold == 2)
        #expect(fired.first?.message == "WARD: 1 pump available, PAR level 2")
        #expect(TestSite.sweep(&engine, 42).alerts.isEmpty)
        // Restocked: PUMP-1 is switched off.
        _ = TestSite.run(&engine, [TestSite.sensor("pump1", "power", 0, 50)])
        let cleared = TestSite.sweep(&engine, 51).alerts
        #expect(cleared.map(\.state) == [.cleared] && cleared.first?.alertID == fired.first?.alertID)
        // The open PAR alert is in the snapshot.
        _ = TestSite.run(&engine, [TestSite.uwb("bed4", 5, 5, 60)])
        _ = TestSite.sweep(&engine, 61)
        let refired = TestSite.sweep(&engine, 91).alerts
        #expect(refired.map(\.state) == [.fired])
        var next = try TestSite.engine([Self.inUse, Self.par], at: TestSite.at(100))
        #expect(next.restore(engine.snapshot(at: TestSite.at(95)), now: TestSite.at(100)).openAlerts == 1)
        #expect(next.openAlertIDs == refired.map(\.alertID))
    }

    @Test func anEmptyWardBeforeTheFirstReadingIsNoShortage() throws {
        var engine = try TestSite.engine([Self.inUse, Self.par])
        // Started, nothing heard yet: every asset is unplaced, the ward looks empty. No clock runs.
        #expect(TestSite.sweep(&engine, 1).alerts.isEmpty)
        #expect(TestSite.sweep(&engine, 45).alerts.isEmpty)
        // Readings flow and place both: at the PAR level, nothing fires.
        _ = TestSite.run(&engine, [TestSite.uwb("pump1", 15, 5, 46), TestSite.uwb("bed4", 15, 5, 46)])
        #expect(TestSite.sweep(&engine, 47).alerts.isEmpty)
        #expect(TestSite.sweep(&engine, 90).alerts.isEmpty)
    }

    @Test func idleFiresAfterNDaysWithoutUseAndClearsWhenUsed() throws {
        let idle = RuleSpec(id: "idle", condition: .idle(after: .seconds(86_400)), filter: AssetFilter(classes: ["pump"]))
        var engine = try TestSite.engine([Self.inUse, idle])
        #expect(TestSite.sweep(&engine, 86_399).alerts.isEmpty)
        let fired = TestSite.sweep(&engine, 86_400).alerts
        #expect(fired.map(\.kind) == [.idle] && fired.first?.asset == "PUMP-1")
        let out = TestSite.run(&engine, [TestSite.sensor("pump1", "power", 40, 90_000)])
        #expect(out.alerts.map(\.state) == [.cleared])
        // In use, then off: the idle clock restarts from the session's end.
        _ = TestSite.run(&engine, [TestSite.sensor("pump1", "power", 0, 90_100)])
        #expect(TestSite.sweep(&engine, 90_100 + 86_399).alerts.isEmpty)
        #expect(TestSite.sweep(&engine, 90_100 + 86_400).alerts.map(\.state) == [.fired])
    }
}
