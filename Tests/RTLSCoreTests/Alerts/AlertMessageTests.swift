import RTLSCore
import Testing

@Suite struct AlertMessageTests {
    @Test func messagesReadAsSentences() {
        var alert = Alert(
            alertID: 1, ruleID: "r", kind: .zoneExit, severity: .critical, state: .fired, time: TestSite.t0,
            tag: "ac233f000311", asset: "ICU-VENT-07", zone: "ICU-3", gateway: "gw-0311", method: .ble)
        #expect(alert.message == "ICU-VENT-07 left ICU-3 (last seen BLE gw-0311)")
        alert.state = .cleared
        #expect(alert.message == "cleared: ICU-VENT-07 left ICU-3 (last seen BLE gw-0311)")
        alert = Alert(
            alertID: 2, ruleID: "d", kind: .dwell, severity: .warning, state: .fired, time: TestSite.t0, tag: "x",
            zone: "SOILED-1", value: 4.5 * 3600, threshold: 4 * 3600)
        #expect(alert.message == "tag x in SOILED-1 for 4.5 h (limit 4 h)")
    }

    @Test func namesFromTheNetworkAreEscapedInTheSentence() throws {
        let alert = Alert(
            alertID: 1, ruleID: "r", kind: .restrictedZone, severity: .critical, state: .fired, time: TestSite.t0,
            tag: "e2801160", asset: "PUMP-1", zone: "DOCK", gateway: try #require(GatewayID("x\n<0>F\u{202E}")),
            method: .rfid)
        #expect(alert.message == "PUMP-1 entered restricted zone DOCK (last seen RFID x\\n<0>F\\u{202E})")
        // The log handlers escape whole lines themselves: the log copy keeps the name as received.
        #expect(alert.logMessage == "PUMP-1 entered restricted zone DOCK (last seen RFID x\n<0>F\u{202E})")
    }

    @Test func alertsAreBitwiseCopyable() {
        func requiresBitwiseCopyable<T: BitwiseCopyable>(_: T.Type) -> Bool { true }
        #expect(requiresBitwiseCopyable(Alert.self))
        #expect(requiresBitwiseCopyable(ZoneEvent.self))
        #expect(requiresBitwiseCopyable(AssetLocation.self))
    }
}
