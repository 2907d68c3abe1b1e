import RTLSCore
import RTLSDaemon
import Testing

@Suite struct RulesConfigTests {
    @Test func exampleRulesFileBuildsAnEngine() throws {
        let site = try SiteConfig.load(path: SiteConfigTests.configDir + "/site.toml")
        let rules = try RulesConfig.load(path: SiteConfigTests.configDir + "/rules.toml")
        #expect(rules.rules.count == 13)
        let pump = try #require(rules.rules.first { $0.id == "pump-infusing" })
        #expect(
            pump.condition
                == .usage(
                    UsageRule(
                        signal: .power, metric: "power", onAbove: 5, offBelow: 2, startAfter: .seconds(30),
                        endAfter: .seconds(120))))
        #expect(
            rules.rules.first { $0.id == "icu3-vent-par" }?.condition
                == .parLevel(zones: ["ICU-3"], minimum: 1, after: .seconds(300)))
        #expect(rules.rules.first { $0.id == "pumps-idle" }?.condition == .idle(after: .seconds(14 * 86_400)))
        #expect(rules.options.bleSwitchWindows == 2)
        #expect(rules.options.bleWindow == .seconds(2))
        #expect(rules.options.bleStep == .seconds(1))
        #expect(rules.options.bleMaxDelay == .seconds(1))
        #expect(rules.options.bleFastMarginDB == 10)
        let fridge = try #require(rules.rules.first { $0.id == "pharmacy-fridge" })
        #expect(
            fridge.condition
                == .sensor(
                    metric: "temperature", high: SensorBound(limit: 8, duration: .seconds(3600), clearAt: 7.5),
                    low: SensorBound(limit: 2, duration: .seconds(900), clearAt: 2.5), clearAfter: .seconds(300)))
        var engine = try rules.makeEngine(site: site, now: Timestamp(seconds: 1_750_000_000))
        var r = Reading(
            time: Timestamp(seconds: 1_750_000_001), receivedAt: Timestamp(seconds: 1_750_000_001), kind: .rfid,
            tag: "e2801160600002084f1b2c3d", gateway: "fx9600-dock")
        r.antenna = 1
        var out = EngineOutput()
        engine.process(r, into: &out)
        #expect(out.alerts.count == 1)
        #expect(
            out.alerts.first?.message == "PUMP-0042 entered restricted zone LOADING-DOCK (last seen RFID fx9600-dock)")
        let reloaded = try rules.rebuild(engine, site: site, now: Timestamp(seconds: 1_750_000_002))
        #expect(reloaded.location(of: "e2801160600002084f1b2c3d")?.zone == "LOADING-DOCK")
    }

    static let head = "[location]\nble_window = \"5s\"\n\n"

    @Test(arguments: [
        (
            "[[rule]]\nid = \"a\"\ntype = \"dwell\"\nzone = \"X\"\nafter = \"30 minutes\"\n",
            SiteConfigError.Code.invalidValue, 8, "after"
        ),
        (
            "[[rule]]\nid = \"a\"\ntype = \"not_seen\"\nafter = \"30m\"\nseverity = \"loud\"\n", .invalidValue, 8,
            "severity"
        ),
        ("[[rule]]\nid = \"a\"\ntype = \"teleport\"\n", .invalidValue, 6, "type"),
        ("[[rule]]\nid = \"a\"\ntype = \"after_hours\"\nfrom = \"25:00\"\nto = \"06:00\"\n", .invalidValue, 7, "from"),
        ("[[rule]]\nid = \"a\"\ntype = \"not_seen\"\nafter = \"1m\"\nzone = \"ICU\"\n", .unknownKey, 8, "zone"),
        (
            "[[rule]]\nid = \"a\"\ntype = \"sensor\"\nmetric = \"t\"\nbelow = 2\nclear_below = 7.5\n", .invalidValue, 9,
            "clear_below"
        ),
        ("[[rule]]\nid = \"a\"\ntype = \"usage\"\nsignal = \"vibes\"\n", .invalidValue, 7, "signal"),
        ("[[rule]]\nid = \"a\"\ntype = \"usage\"\nsignal = \"zone\"\n", .missingKey, 4, "zone"),
        ("[[rule]]\nid = \"a\"\ntype = \"usage\"\nsignal = \"power\"\nabove = 5\n", .unknownKey, 8, "above"),
        ("[[rule]]\nid = \"a\"\ntype = \"par_level\"\nzone = \"X\"\nminimum = 0.5\n", .invalidValue, 8, "minimum"),
        ("[[rule]]\nid = \"a\"\ntype = \"idle\"\n", .missingKey, 4, "after"),
    ])
    func brokenRulesFilesNameLineAndKey(tail: String, code: SiteConfigError.Code, line: Int, key: String) {
        let error = #expect(throws: SiteConfigError.self) { _ = try RulesConfig.parse(text: Self.head + tail) }
        #expect(error?.code == code)
        #expect(error?.line == line)
        #expect(error?.location.hasSuffix(key) == true)
    }

    @Test func bleStepAndMaxDelayAreChecked() throws {
        let ok = try RulesConfig.parse(
            text: "[location]\nble_window = \"2s\"\nble_step = \"500ms\"\nble_max_delay = \"1s\"\n")
        #expect(ok.options.bleStep == .milliseconds(500))
        #expect(ok.options.bleMaxDelay == .seconds(1))
        let defaults = try RulesConfig.parse(text: "[location]\nble_window = \"2s\"\n").options
        #expect(defaults.bleStep == nil && defaults.bleMaxDelay == nil)  // half a window each
        for (text, key) in [
            ("ble_window = \"2s\"\nble_step = \"1500ms\"\n", "ble_step"),  // does not divide the window
            ("ble_window = \"2s\"\nble_step = \"400ms\"\n", "ble_step"),  // more than 4 steps
            ("ble_window = \"2s\"\nble_step = \"500ms\"\nble_max_delay = \"1500ms\"\n", "ble_max_delay"),  // 7 open
        ] {
            let error = #expect(throws: SiteConfigError.self) { _ = try RulesConfig.parse(text: "[location]\n" + text) }
            #expect(error?.code == .invalidValue)
            #expect(error?.location.hasSuffix(key) == true)
        }
    }

    @Test func ruleNamingAnUndefinedZoneFailsAtItsLine() throws {
        let site = try SiteConfig.load(path: SiteConfigTests.configDir + "/site.toml")
        let text =
            Self.head + "[[rule]]\nid = \"ok\"\ntype = \"not_seen\"\nafter = \"1m\"\n\n"
            + "[[rule]]\nid = \"bad\"\ntype = \"zone_exit\"\nclass = \"pump\"\nzone = \"ICU-9\"\n"
        let rules = try RulesConfig.parse(text: text, path: "/etc/rtlsd/rules.toml")
        let error = #expect(throws: SiteConfigError.self) {
            _ = try rules.makeEngine(site: site, now: Timestamp(seconds: 0))
        }
        #expect(error?.code == .unknownReference)
        #expect(error?.line == 13)
        #expect(error?.description.contains("[[rule]] \"bad\" zone: zone \"ICU-9\" is not defined") == true)
    }
}
