import Foundation
import InMemoryLogging
import Logging
import RTLSCore
import RTLSDaemon
import RTLSMQTT
import RTLSPostgres
import RTLSSystemd
import RTLSTestSupport
import Synchronization
import Testing

/// A scripted ward through the real broker: a pump walks ICU → corridor → loading dock, a vaccine
/// fridge warms for over an hour (device time), and a gateway goes silent. The exact alert
/// sequence must appear in the log with its journald fields.
@Suite(.serialized) struct AlertScenarioTests {
    static let site = """
        [facility]
        name = "Scenario General"
        utc_offset = "+00:00"
        [[building]]
        name = "Main"
        [[floor]]
        name = "L1"
        building = "Main"
        [[floor]]
        name = "L3"
        building = "Main"
        [[zone]]
        name = "ICU-3"
        floor = "L3"
        polygon = [[0.0, 0.0], [10.0, 0.0], [10.0, 8.0], [0.0, 8.0]]
        [[zone]]
        name = "CORRIDOR-3"
        floor = "L3"
        polygon = [[10.0, 0.0], [30.0, 0.0], [30.0, 3.0], [10.0, 3.0]]
        [[zone]]
        name = "LOADING-DOCK"
        floor = "L1"
        [[zone]]
        name = "PHARMACY"
        floor = "L1"
        [[gateway]]
        id = "uwb-l3"
        floor = "L3"
        [[gateway]]
        id = "dock-portal"
        zone = "LOADING-DOCK"
        antennas = { 1 = "LOADING-DOCK" }
        [[gateway]]
        id = "pharm-gw"
        zone = "PHARMACY"
        [[gateway]]
        id = "corridor-gw"
        zone = "CORRIDOR-3"
        [[asset]]
        name = "PUMP-0042"
        tag = "pump-0042"
        class = "pump"
        [[asset]]
        name = "FRIDGE-1"
        tag = "fridge-1"
        class = "fridge"
        """
    static let rules = """
        [[rule]]
        id = "pump-leaves-icu"
        type = "zone_exit"
        zone = "ICU-3"
        class = "pump"
        severity = "warning"
        [[rule]]
        id = "pump-theft"
        type = "restricted_zone"
        zone = "LOADING-DOCK"
        class = "pump"
        severity = "critical"
        [[rule]]
        id = "vaccine-fridge"
        type = "sensor"
        class = "fridge"
        metric = "temperature"
        above = 8.0
        above_for = "60m"
        clear_after = "5m"
        [[rule]]
        id = "corridor-gw-offline"
        type = "gateway_offline"
        after = "3s"
        gateways = ["corridor-gw"]
        """

    @Test func pumpWalksFridgeWarmsGatewayGoesSilent() async throws {
        guard let env = TestEnvironment.load("alertScenario") else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rtlsd-scenario-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Self.site.write(to: dir.appendingPathComponent("site.toml"), atomically: true, encoding: .utf8)
        try Self.rules.write(to: dir.appendingPathComponent("rules.toml"), atomically: true, encoding: .utf8)
        let conninfo = try env.freshDatabase("scenario")
        var config = try env.config(conninfo: conninfo, clientID: "rtlsd-it-scenario-\(UInt32.random(in: 0...UInt32.max))")
        config.siteFile = dir.appendingPathComponent("site.toml").path
        config.rulesFile = dir.appendingPathComponent("rules.toml").path
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "rtlsd-test", factory: { _ in handler })
        logger.logLevel = .notice
        let daemon = try await Daemon.prepare(config: config, logger: logger, handleSignals: false)
        async let finished = daemon.run()
        #expect(try await eventually(timeout: .seconds(15)) { daemon.stats.brokerUp.load(ordering: .relaxed) })

        let pub = try await env.publisher("scenario")
        let t0 = Int64(Date().timeIntervalSince1970 * 1000) - 2 * 3_600_000
        func send(_ gw: String, _ json: String) throws { try pub.publish(topic: "rtls/\(gw)/readings", text: json) }
        // The corridor gateway reports once, then falls silent.
        try send("corridor-gw", "{\"ts\":\(t0),\"tag\":\"wheelchair-9\",\"kind\":\"ble\",\"rssi\":-70}")
        // The pump: in the ICU, then the corridor, then the dock's RFID portal (device time, 1 min apart).
        try send("uwb-l3", "{\"ts\":\(t0 + 60_000),\"tag\":\"pump-0042\",\"kind\":\"uwb\",\"x\":5,\"y\":4}")
        try send("uwb-l3", "{\"ts\":\(t0 + 120_000),\"tag\":\"pump-0042\",\"kind\":\"uwb\",\"x\":15,\"y\":1}")
        try send("dock-portal", "{\"ts\":\(t0 + 180_000),\"tag\":\"pump-0042\",\"kind\":\"rfid\",\"antenna\":1,\"rssi\":-50}")
        // The fridge: 5 °C, then above 8 °C for 70 minutes (one reading every 10 min), then back.
        var fridge = ["{\"ts\":\(t0),\"tag\":\"fridge-1\",\"metric\":\"temperature\",\"value\":5.0,\"unit\":\"C\"}"]
        for m in stride(from: 10, through: 80, by: 10) {
            fridge.append("{\"ts\":\(t0 + Int64(m) * 60_000),\"tag\":\"fridge-1\",\"metric\":\"temperature\",\"value\":9.5,\"unit\":\"C\"}")
        }
        for m in stride(from: 81, through: 90, by: 3) {
            fridge.append("{\"ts\":\(t0 + Int64(m) * 60_000),\"tag\":\"fridge-1\",\"metric\":\"temperature\",\"value\":5.0,\"unit\":\"C\"}")
        }
        for item in fridge { try send("pharm-gw", item) }
        #expect(await pub.waitForPublishes(timeout: .seconds(10)))

        func alerts() -> [(rule: String, state: String, kind: String, level: Logger.Level)] {
            handler.entries.compactMap { e in
                guard let rule = e.metadata["rule"], let state = e.metadata["state"], let kind = e.metadata[LogKey.alertKind]
                else { return nil }
                return ("\(rule)", "\(state)", "\(kind)", e.level)
            }
        }
        // Wait for the silent gateway (3 s, swept once a second) and the fridge to clear.
        #expect(try await eventually(timeout: .seconds(15)) { alerts().contains { $0.rule == "corridor-gw-offline" } })
        #expect(try await eventually(timeout: .seconds(5)) { alerts().contains { $0.rule == "vaccine-fridge" && $0.state == "cleared" } })
        pub.stop()
        await daemon.shutdown()
        #expect(try await finished)

        let seen = alerts()
        let pumpSequence = seen.filter { $0.rule.hasPrefix("pump") }.map { "\($0.rule):\($0.state)" }
        #expect(pumpSequence == ["pump-leaves-icu:fired", "pump-theft:fired"])
        let fridgeSequence = seen.filter { $0.rule == "vaccine-fridge" }.map { "\($0.kind):\($0.state)" }
        #expect(fridgeSequence == ["sensor_high:fired", "sensor_high:cleared"])
        let offline = seen.filter { $0.rule == "corridor-gw-offline" }
        #expect(offline.count == 1 && offline.first?.kind == "gateway_offline" && offline.first?.level == .warning)
        #expect(seen.first { $0.rule == "pump-theft" }?.level == .critical)
        let theft = handler.entries.first { $0.metadata["rule"] == "pump-theft" }
        #expect(theft?.metadata["asset"] == "PUMP-0042" && theft?.metadata["zone"] == "LOADING-DOCK")
        // The journal's GATEWAY (and GATEWAY_ID): the gateway that went silent.
        let silent = handler.entries.first { $0.metadata["rule"] == "corridor-gw-offline" }
        #expect(silent?.metadata["gateway"] == "corridor-gw")
        #expect(silent?.metadata[LogKey.gatewayID] == "corridor-gw")
        #expect(theft?.message.description.contains("PUMP-0042 entered restricted zone LOADING-DOCK") == true)
        #expect(daemon.stats.readingsWritten.load(ordering: .relaxed) == UInt64(4 + fridge.count))

        // The same sequence in the database (through the writer, same transactions as readings).
        let db = try PGConnection(conninfo: conninfo)
        let stored = try db.query("SELECT rule, state, kind, severity FROM alerts ORDER BY time, alert_id, state DESC")
        let pumpRows = stored.filter { ($0[0] ?? "").hasPrefix("pump") }.map { "\($0[0] ?? ""):\($0[1] ?? "")" }
        #expect(pumpRows == ["pump-leaves-icu:fired", "pump-theft:fired"])
        let fridgeRows = stored.filter { $0[0] == "vaccine-fridge" }.map { "\($0[2] ?? ""):\($0[1] ?? "")" }
        #expect(fridgeRows == ["sensor_high:fired", "sensor_high:cleared"])
        #expect(stored.filter { $0[0] == "corridor-gw-offline" }.map { $0[3] } == ["warning"])
        #expect(stored.count == seen.count)
        let zoneEvents = try db.query(
            """
            SELECT z.name, e.event FROM zone_events e JOIN tags t ON t.id = e.tag_id JOIN zones z ON z.id = e.zone_id
            WHERE t.tag = 'pump-0042' ORDER BY e.time, e.event DESC
            """)
        #expect(zoneEvents.map { "\($0[1] ?? ""):\($0[0] ?? "")" } == [
            "enter:ICU-3", "exit:ICU-3", "enter:CORRIDOR-3", "exit:CORRIDOR-3", "enter:LOADING-DOCK",
        ])
        let current = try db.query(
            "SELECT z.name FROM asset_locations a JOIN tags t ON t.id = a.tag_id JOIN zones z ON z.id = a.zone_id WHERE t.tag = 'pump-0042'")
        #expect(current.first?.first == "LOADING-DOCK")

        // The metrics endpoint's view of the same alerts: fired and cleared by rule and kind.
        let sampler = MetricsSampler(stats: daemon.stats, ring: daemon.ring, rules: daemon.rules)
        let metrics = HTTPTestClient.samples(sampler.render())
        for alert in seen {
            let expected = seen.filter { $0.rule == alert.rule && $0.kind == alert.kind && $0.state == alert.state }.count
            let series = "rtlsd_rules_alerts_\(alert.state)_total{rule=\"\(alert.rule)\",kind=\"\(alert.kind)\"}"
            #expect(metrics[series] == Double(expected), "\(series)")
        }
        #expect(metrics["rtlsd_rules_alerts_active"] == Double(daemon.rules?.activeAlertCount ?? -1))
    }
}
