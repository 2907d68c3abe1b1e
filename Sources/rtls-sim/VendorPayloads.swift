import Foundation

/// Payload text in each vendor's format, exactly as rtlsd's decoders accept it
/// (see Tests/RTLSCoreTests/Fixtures/<decoder id>/).
enum VendorPayloads {
    /// rtls-json BLE sighting.
    static func rtlsBLE(tag: String, rssi: Double, battery: Int, ms: Int64) -> String {
        "{\"ts\":\(ms),\"tag\":\"\(tag)\",\"kind\":\"ble\",\"rssi\":\(fixed1(rssi)),\"battery\":\(battery)}"
    }

    /// rtls-json RFID read at a portal antenna.
    static func rtlsRFID(tag: String, zone: String, ms: Int64) -> String {
        "{\"ts\":\(ms),\"tag\":\"\(tag)\",\"kind\":\"rfid\",\"antenna\":1,\"rssi\":-52.0,\"zone\":\"\(zone)\"}"
    }

    /// rtls-json temperature reading.
    /// A smart plug's power reading for a pump's tag, as rtls-json (`metric` power, W).
    static func rtlsPower(tag: String, watts: Double, ms: Int64) -> String {
        "{\"ts\":\(ms),\"tag\":\"\(tag)\",\"kind\":\"sensor\",\"metric\":\"power\","
            + "\"value\":\(fixed1(watts)),\"unit\":\"W\"}"
    }

    static func rtlsTemperature(sensor: String, celsius: Double, ms: Int64) -> String {
        "{\"ts\":\(ms),\"tag\":\"\(sensor)\",\"kind\":\"sensor\",\"metric\":\"temperature\","
            + "\"value\":\(fixed1(celsius)),\"unit\":\"C\"}"
    }

    /// ESPresense device message (no device time; the room is the topic's last segment): integer `rssi`,
    /// `raw` the path-loss distance from the unrounded RSSI, `distance` the node's filtered estimate, `speed` in m/s.
    /// rtlsd drops byte-identical messages as MQTT redeliveries, so the filtered values keep two decimals.
    static func espresense(tag: String, rssi: Double, distance: Double, speed: Double) -> String {
        let dBm = Int(rssi.rounded())
        let raw = Foundation.pow(10, (-59 - rssi) / 22)
        return
            "{\"id\":\"\(tag)\",\"rssi@1m\":-59,\"rssi\":\(dBm),\"raw\":\(fixed2(raw)),"
            + "\"distance\":\(fixed2(distance)),"
            + "\"speed\":\(fixed2(speed))}"
    }

    /// Minew G1 heartbeat, the first item of every "JSON long" message.
    static func minewHeartbeat(gateway: String, ms: Int64) -> String {
        "{\"timestamp\":\"\(iso8601(ms))\",\"type\":\"Gateway\",\"mac\":\"\(gateway)\","
            + "\"gatewayFree\":94,\"gatewayLoad\":0.23}"
    }

    /// Minew G1 advertisement item; the beacon is identified by its MAC.
    static func minewSighting(mac: String, rssi: Double, battery: Int, ms: Int64) -> String {
        "{\"timestamp\":\"\(iso8601(ms))\",\"type\":\"Unknown\",\"mac\":\"\(mac)\",\"bleName\":\"\","
            + "\"rssi\":\(Int(rssi.rounded())),\"battery\":\(battery)}"
    }

    /// Zebra FX IoT Connector SIMPLE tag data event.
    static func zebra(epc: String, antenna: Int, rssi: Int, eventNum: Int, ms: Int64) -> String {
        "{\"data\":{\"eventNum\":\(eventNum),\"format\":\"epc\",\"idHex\":\"\(lowercasedASCII(epc))\","
            + "\"antenna\":\(antenna),"
            + "\"peakRssi\":\(rssi),\"reads\":1},\"timestamp\":\"\(iso8601(ms))\",\"type\":\"SIMPLE\"}"
    }

    /// Zigbee2MQTT device state of a temperature/humidity sensor; yields four sensor readings.
    static func zigbeeState(celsius: Double, humidity: Double, battery: Int, ms: Int64) -> String {
        "{\"battery\":\(battery),\"humidity\":\(fixed1(humidity)),\"linkquality\":65,"
            + "\"temperature\":\(fixed1(celsius)),"
            + "\"last_seen\":\"\(iso8601(ms))\"}"
    }

    /// OwnTracks `location` message (topic `owntracks/<user>/<device>`): `tst` in epoch seconds, `acc` in metres,
    /// `inregions` the device's regions holding the fix (omitted outside them, as the app does).
    static func owntracksLocation(
        lat: Double, lon: Double, ms: Int64, acc: Int, battery: Int, region: String?
    ) -> String {
        var s = "{\"_type\":\"location\",\"tid\":\"rs\",\"lat\":\(lat),\"lon\":\(lon),\"tst\":\(ms / 1000),"
        s += "\"acc\":\(acc),\"batt\":\(battery),\"bs\":1,\"conn\":\"m\""
        if let region { s += ",\"inregions\":[\"\(region)\"]" }
        return s + "}"
    }

    /// rtls-json GPS fix; `zone` as the tracker names its region, if any.
    static func rtlsGPS(
        tag: String, lat: Double, lon: Double, acc: Int, battery: Int, zone: String?, ms: Int64
    ) -> String {
        var s = "{\"ts\":\(ms),\"tag\":\"\(tag)\",\"kind\":\"gps\",\"lat\":\(lat),\"lon\":\(lon),"
        s += "\"acc\":\(acc),\"battery\":\(battery)"
        if let zone { s += ",\"zone\":\"\(zone)\"" }
        return s + "}"
    }

    /// Readings rtlsd makes of one `zigbeeState` message (battery, humidity, linkquality, temperature).
    static let zigbeeReadingsPerMessage = 4

    /// `v` with one decimal.
    static func fixed1(_ v: Double) -> String {
        let scaled = (v * 10).rounded()
        let sign = scaled < 0 ? "-" : ""
        let a = Int(abs(scaled))
        return "\(sign)\(a / 10).\(a % 10)"
    }

    /// `v` with two decimals.
    static func fixed2(_ v: Double) -> String {
        let scaled = (v * 100).rounded()
        let sign = scaled < 0 ? "-" : ""
        let a = Int(abs(scaled))
        return "\(sign)\(a / 100).\(a % 100 < 10 ? "0" : "")\(a % 100)"
    }

    /// `v` rounded to one decimal, as `fixed1` prints it.
    static func rounded1(_ v: Double) -> Double { (v * 10).rounded() / 10 }

    /// RFC 3339 UTC with milliseconds, e.g. `2026-11-23T12:00:00.250Z`.
    static func iso8601(_ ms: Int64) -> String {
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let inDay = ms - days * 86_400_000
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return "\(y)-\(pad(m, 2))-\(pad(d, 2))T\(pad(inDay / 3_600_000, 2)):\(pad(inDay / 60000 % 60, 2)):"
            + "\(pad(inDay / 1000 % 60, 2)).\(pad(inDay % 1000, 3))Z"
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    private static func lowercasedASCII(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
