import Foundation

// BLE payloads beyond the first few: every Ruuvi data format and the gateway's decoded mode, Eddystone
// frames through a Minew G1, Theengs. Payloads are the vendors' test vectors, as in the fixtures.

extension DecodeBenchmarkCase {
    static func ruuvi(_ payload: String) -> [UInt8] {
        let ad = "020106" + String(format: "%02X", payload.count / 2 + 3) + "FF9904" + payload
        return bytes(
            #"{"gw_mac":"C8:25:2D:8E:9C:2C","rssi":-62,"aoa":[],"gwts":"1795435190","ts":"1795435190","#
                + #""data":"\#(ad)","coords":""}"#)
    }

    static func ruuviCase(_ name: String, _ payload: String, readings: Int) -> DecodeBenchmarkCase {
        DecodeBenchmarkCase(
            decoderID: "ruuvi-gw", name: name, topic: "ruuvi/C8:25:2D:8E:9C:2C/CB:B8:33:4C:88:4F", payload: ruuvi(payload),
            foundation: { d, data in _ = try d.decode(RuuviMessage.self, from: data); return readings })
    }

    static func minewEddystone(_ i: Int) -> String {
        let frames = [
            "0201060303AAFE1716AAFE00E8EDD1EBEAC04E5DEFA0170BDB87539B67\(String(format: "%02X", i))00",
            "0201060303AAFE1116AAFE20000BB81A00000000\(String(format: "%02X", i))00000002",
            "0201060303AAFE1316AAFE10EE03676F6F2E676C2F53367A543650",
        ]
        return #"{"timestamp":"2026-11-23T11:59:51.134Z","type":"Unknown","mac":"AC233F2A1B\#(String(format: "%02X", i))","#
            + #""bleName":"","rssi":-\#(50 + i % 30),"rawData":"\#(frames[i % 3])"}"#
    }

    static let ble: [DecodeBenchmarkCase] = [
        ruuviCase("RAWv1 (1 BLE + 7 sensor)", "03291A1ECE1EFC18F94202CA0B53", readings: 8),
        ruuviCase("Air 6 (1 BLE + 10 sensor)", "06170C5668C79E007000C90501D9FFCD004C884F", readings: 11),
        ruuviCase(
            "Air E1 (1 BLE + 13 sensor)",
            "E1170C5668C79E0065007004BD11CA00C90A0213E0ACFFFFFFDECDEE01FFFFFFFFFFCBB8334C884F", readings: 14),
        DecodeBenchmarkCase(
            decoderID: "ruuvi-gw", name: "decoded 5 (1 BLE + 10)", topic: "ruuvi/C8:25:2D:8E:9C:2C/F4:1F:0C:28:CB:D6",
            payload: bytes(
                #"{"gw_mac":"C8:25:2D:8E:9C:2C","rssi":-47,"aoa":[],"gwts":1795435190,"ts":1795435190,"dataFormat":5,"#
                    + #""temperature":28.025,"humidity":43.2525,"pressure":100531,"accelX":0.004,"accelY":-0.072,"#
                    + #""accelZ":0.996,"movementCounter":173,"voltage":2.538,"txPower":-32,"#
                    + #""measurementSequenceNumber":32301,"id":"F4:1F:0C:28:CB:D6","coords":""}"#),
            foundation: { d, data in _ = try d.decode(BLERuuviDecoded.self, from: data); return 11 }),
        DecodeBenchmarkCase(
            decoderID: "minew-g1", name: "heartbeat + 30 Eddystone", topic: "gw/status",
            payload: bytes(
                #"[{"timestamp":"2026-11-23T11:59:51.473Z","type":"Gateway","mac":"AC233FC0A1B2","gatewayFree":94},"#
                    + (0..<30).map(minewEddystone).joined(separator: ",") + "]"),
            foundation: { d, data in try d.decode([MinewItem].self, from: data).count - 1 }),
        DecodeBenchmarkCase(
            decoderID: "theengs", name: "LYWSD03MMC (1 BLE + 3)", topic: "home/OMG_ESP32_BLE/BTtoMQTT/A4C138AABBCC",
            payload: bytes(
                #"{"id":"A4:C1:38:AA:BB:CC","mac_type":0,"adv_type":0,"name":"ATC_AABBCC","rssi":-70,"brand":"Xiaomi","#
                    + #""model":"LYWSD03MMC","model_id":"LYWSD03MMC_ATC","type":"THB","tempc":22.1,"tempf":71.78,"#
                    + #""hum":45.5,"batt":80,"volt":2.93}"#),
            foundation: { d, data in _ = try d.decode(BLETheengsMessage.self, from: data); return 4 }),
    ]
}

private struct BLERuuviDecoded: Decodable {
    let gw_mac: String
    let rssi: Int
    let ts: Int
    let temperature, humidity, pressure, accelX, accelY, accelZ, voltage: Double
    let movementCounter, txPower, measurementSequenceNumber: Int
}

private struct BLETheengsMessage: Decodable {
    let id: String
    let rssi: Int
    let tempc, hum, volt: Double
    let batt: Int
}
