import Testing

@testable import rtls_sim

/// Truth files read back as written by `GroundTruth`.
@Suite struct TruthLogTests {
    @Test func readsWhatGroundTruthWrites() throws {
        var g = GroundTruth()
        g.run("start", ms: 1000, fields: "\"mode\":\"physics\",\"ble\":\"minew\"")
        let dock = Facility.Room(
            name: "B1-F1-LOADING-DOCK", building: 1, floor: 1, index: 1, minX: 0, minY: 0, maxX: 8, maxY: 6,
            kind: "loading-dock", gateway: "gw")
        g.move(tag: "c30000000001", assetClass: "infusion-pump", from: nil, to: dock, ms: 1000)
        g.gps(tag: "transport/amb-01", assetClass: "ambulance", from: nil, to: nil, ms: 2000)
        g.run("end", ms: 9000)
        let log = try TruthLog(text: g.take().joined(separator: "\n") + "\n")
        #expect(log.start == 1000)
        #expect(log.end == 9000)
        #expect(log.settings["mode"] == "physics")
        #expect(log.ble["C30000000001"] == [TruthLog.Position(t: 1000, zone: "B1-F1-LOADING-DOCK")])
        #expect(log.gps["TRANSPORT/AMB-01"] == [TruthLog.Position(t: 2000, zone: "")])
        #expect(log.alerts == [TruthLog.ExpectedAlert(t: 1000, rule: SimRules.pumpAtDock, tag: "C30000000001")])
    }

    @Test func aLineThatIsNoRecordIsNamed() {
        #expect(throws: TruthLogError.self) { try TruthLog(text: "{\"t\":1,\"tag\":\"a\",\"zone\":\"b\"}\nnot json\n") }
    }
}
