import RTLSCore
import Testing

@Suite struct ValueRulesTests {
    static func battery(_ level: Float, _ s: Double) -> Reading {
        var r = TestSite.ble("pump1", "gw-icu", -60, s)
        r.battery = level
        return r
    }

    @Test func lowBatteryHasHysteresisAndReArms() throws {
        var engine = try TestSite.engine([RuleSpec(id: "battery", condition: .lowBattery(below: 20, clearAt: 25))])
        let levels: [Float] = [30, 19, 18, 21, 24, 19, 25, 26, 15]
        var out = EngineOutput()
        for (i, level) in levels.enumerated() { engine.process(Self.battery(level, Double(i)), into: &out) }
        #expect(out.alerts.map(\.state) == [.fired, .cleared, .fired])
        #expect(out.alerts.map(\.value) == [19, 25, 15])
        #expect(out.alerts[0].alertID == out.alerts[1].alertID)
        #expect(out.alerts[0].message == "PUMP-1 battery 19 % (threshold 20 %)")
    }

    static let fridge = RuleSpec(
        id: "fridge",
        condition: .sensor(
            metric: "temperature", high: SensorBound(limit: 8, duration: .seconds(3600)),
            low: SensorBound(limit: 2, duration: .seconds(900)), clearAfter: .seconds(300)),
        filter: AssetFilter(classes: ["fridge"]))

    @Test func briefExcursionDoesNotFire() throws {
        var engine = try TestSite.engine([Self.fridge])
        let temps: [Double] = [5, 9, 9.5, 9, 6, 9, 9]
        let out = TestSite.run(
            &engine, temps.enumerated().map { TestSite.sensor("fridge2", "temperature", $1, Double($0) * 1200) })
        // 9 at 1200…3600 s is 40 min, then back in range; 9 again from 6000 s is 20 min.
        #expect(out.alerts.isEmpty)
    }

    @Test func sustainedHighFiresOnceAndClearsAfterFiveMinutesInRange() throws {
        var engine = try TestSite.engine([Self.fridge])
        var out = TestSite.run(&engine, (0...13).map { TestSite.sensor("fridge2", "temperature", 9, Double($0) * 300) })
        #expect(out.alerts.map(\.kind) == [.sensorHigh])
        #expect(out.alerts.first?.time == TestSite.at(3600))
        #expect(out.alerts.first?.message == "FRIDGE-2 temperature 9 above 8")
        out = TestSite.run(
            &engine,
            [TestSite.sensor("fridge2", "temperature", 6, 4200), TestSite.sensor("fridge2", "temperature", 9, 4300)])
        #expect(out.alerts.isEmpty)
        out = TestSite.run(&engine, [TestSite.sensor("fridge2", "temperature", 6, 4400)])
        #expect(out.alerts.isEmpty)
        out = TestSite.sweep(&engine, 4700)
        #expect(out.alerts.map(\.state) == [.cleared])
        #expect(out.alerts.first?.kind == .sensorHigh)
    }

    @Test func lowExcursionFiresFromSweepWithoutFurtherReadings() throws {
        var engine = try TestSite.engine([Self.fridge])
        _ = TestSite.run(&engine, [TestSite.sensor("fridge2", "temperature", 1.5, 0)])
        #expect(TestSite.sweep(&engine, 899).alerts.isEmpty)
        let out = TestSite.sweep(&engine, 900)
        #expect(out.alerts.map(\.kind) == [.sensorLow])
        #expect(out.alerts.first?.severity == .critical)
        // Fired by the timer, the alert still names the value that triggered it.
        #expect(out.alerts.first?.value == 1.5)
        #expect(out.alerts.first?.message == "FRIDGE-2 temperature 1.5 below 2")
    }

    static func fridgeRule(clearBelow: Double?) -> RuleSpec {
        RuleSpec(
            id: "fridge",
            condition: .sensor(
                metric: "temperature", high: SensorBound(limit: 8, duration: .seconds(60), clearAt: clearBelow),
                low: nil, clearAfter: .seconds(60)),
            filter: AssetFilter(classes: ["fridge"]))
    }

    /// A fridge that warmed up and then hovers at its threshold (two minutes at 7.8–7.9 °C, two at
    /// 8.2–8.3, for an hour, a reading every 30 s): with `clear_below = 7.5` one alert; without it the
    /// dips below 8 clear the alert and the next rise fires it again.
    @Test func clearBelowKeepsAHoveringFridgeToOneAlert() throws {
        let temps = Array(repeating: 9.0, count: 10) + (0..<110).map { i in [7.8, 7.9, 7.8, 7.9, 8.2, 8.3, 8.2, 8.3][i % 8] }
        func alerts(_ spec: RuleSpec) throws -> [AlertState] {
            var engine = try TestSite.engine([spec])
            var states: [AlertState] = []
            for (i, v) in temps.enumerated() {
                let at = Double(i) * 30
                states += TestSite.run(&engine, [TestSite.sensor("fridge2", "temperature", v, at)]).alerts.map(\.state)
                states += TestSite.sweep(&engine, at + 15).alerts.map(\.state)
            }
            return states
        }
        #expect(try alerts(Self.fridgeRule(clearBelow: 7.5)) == [.fired])
        #expect(try alerts(Self.fridgeRule(clearBelow: nil)).count >= 4)
        // Back at 7.5 for the clear delay: it clears, naming the clear level.
        var engine = try TestSite.engine([Self.fridgeRule(clearBelow: 7.5)])
        _ = TestSite.run(&engine, (0...3).map { TestSite.sensor("fridge2", "temperature", 9, Double($0) * 30) })
        _ = TestSite.run(&engine, [TestSite.sensor("fridge2", "temperature", 7.4, 120)])
        let cleared = TestSite.sweep(&engine, 181).alerts
        #expect(cleared.map(\.state) == [.cleared])
        #expect(cleared.first?.threshold == 7.5)
        #expect(cleared.first?.value == 7.4)
        // A clear level beyond the bound is refused.
        #expect(throws: (any Error).self) { _ = try TestSite.engine([Self.fridgeRule(clearBelow: 9)]) }
    }

    @Test func otherMetricsAreIgnored() throws {
        var engine = try TestSite.engine([Self.fridge])
        let out = TestSite.run(&engine, (0...20).map { TestSite.sensor("fridge2", "humidity", 90, Double($0) * 600) })
        #expect(out.alerts.isEmpty)
        #expect(out.locations.isEmpty)
    }
}
