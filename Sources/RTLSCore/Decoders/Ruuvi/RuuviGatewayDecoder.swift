// Ruuvi Gateway relaying RuuviTag advertisements over MQTT (`ruuvi-gw`).
//
// Sources checked (search tool, "docs"/"code"): Ruuvi developer docs (github.com/ruuvi/docs:
// gw-examples/mqtt-examples.md for the `ruuvi/<GW_MAC>/<TAG_MAC>` and `ruuvi/<GW_MAC>/gw_status` topics;
// data-formats "MQTT: Time-stamped data from Bluetooth-sensors": `gw_mac`, `rssi`, `aoa`, `gwts`, `ts` as
// Unix seconds in strings, `data` = the whole advertisement in hex, `coords`), and RuuviTag data format 5
// (RAWv2) as implemented by susji/ruuviparse and the ruuvi-sensor-protocol crate, with Ruuvi's test
// vector `0512FC5394C37C0004FFFC040CAC364200CDCBB8334C884F` = 24.3 °C, 53.49 %, 100044 Pa, 2.977 V, 66 moves.

/// Decodes Ruuvi Gateway MQTT messages: a BLE reading (tag = the sensor MAC, gateway = `gw_mac`) plus,
/// for data format 5, `temperature` (C), `humidity` (%), `pressure` (hPa), `battery_voltage` (V) and
/// `movement_counter` sensor readings (values the tag marks invalid are left out). `gw_status`
/// messages become gateway status.
public struct RuuviGatewayDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "ruuvi-gw"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let gwMAC: JSONKey = "gw_mac"
        static let rssi: JSONKey = "rssi"
        static let ts: JSONKey = "ts"
        static let data: JSONKey = "data"
        static let state: JSONKey = "state"
        static let online: JSONKey = "online"
    }

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            let root = tape.root
            guard tape.kind(root) == .object else { throw JSONTape.wrongType(tape.kind(root), expected: "an object") }
            let segments = TopicSegments(topic: topic)
            let topicGateway = segments.segment(1).flatMap { GatewayID(bytes: $0) }.map(MACAddress.normalized)
            if segments.fromEnd(0)?.elementsEqual("gw_status".utf8) == true {
                guard let state = tape.presentField(Key.state, in: root) else { throw .missing("state") }
                let gateway = context.topicGateway.isEmpty ? topicGateway ?? GatewayID() : context.topicGateway
                output.gatewayStatus.append(
                    GatewayStatus(gateway: gateway, online: tape.stringEquals(state, Key.online), time: context.receivedAt))
                return
            }
            var flags = ReadingFlags()
            let time: Timestamp
            if let device = try tape.timestamp(Key.ts, in: root) {
                time = context.checkedTime(device, flags: &flags)
            } else {
                time = context.receivedAt
                flags.insert(.receiveTime)
            }
            guard let tagSegment = segments.segment(2), segments.count == 3, let tagMAC = TagID(bytes: tagSegment), !tagMAC.isEmpty else {
                throw DecodeError(.missingField, detail: "topic has no ruuvi/<gateway>/<tag> MAC")
            }
            var gateway = context.topicGateway
            if gateway.isEmpty {
                gateway = try tape.string(Key.gwMAC, in: root).map(MACAddress.normalized) ?? topicGateway ?? GatewayID()
            }
            var r = Reading(
                time: time, receivedAt: context.receivedAt, kind: .ble, tag: MACAddress.normalized(tagMAC), gateway: gateway)
            r.flags = flags
            r.zone = context.topicZone
            if let v = output.field(tape, Key.rssi, in: root, FieldPolicy.rssi) { r.rssi = Float(v) }
            guard let data = tape.presentField(Key.data, in: root) else { throw .missing("data") }
            guard let range = tape.rawStringRange(data), let ad = BLEAdvertisement(HexText(bytes: tape.bytes, range: range))
            else { throw DecodeError(.wrongType, field: "data", detail: "is not a hex BLE advertisement") }
            output.readings.append(r)
            if ad.manufacturerID == 0x0499, let offset = ad.manufacturerOffset, ad.manufacturerLength >= 24 {
                Self.format5(HexText(bytes: tape.bytes, range: range), at: offset, base: r, into: &output)
            }
        }
    }

    /// Appends the sensor values of a RAWv2 (format 5) payload starting at byte `at`.
    static func format5(_ hex: HexText, at i: Int, base: Reading, into output: inout DecodeOutput) {
        guard hex.byte(i) == 0x05 else { return }
        if let t = hex.uint16(i + 1), t != 0x8000 {
            output.appendSensor(base, metric: "temperature", value: Self.round(Double(Int16(bitPattern: t)) * 0.005), unit: "C")
        }
        if let h = hex.uint16(i + 3), h != 0xFFFF {
            output.appendSensor(base, metric: "humidity", value: Self.round(Double(h) * 0.0025), unit: "%")
        }
        if let p = hex.uint16(i + 5), p != 0xFFFF {
            output.appendSensor(base, metric: "pressure", value: Self.round((Double(p) + 50_000) / 100), unit: "hPa")
        }
        if let power = hex.uint16(i + 13), power >> 5 != 0x7FF {
            output.appendSensor(base, metric: "battery_voltage", value: Double(Int(power >> 5) + 1600) / 1000, unit: "V")
        }
        if let moves = hex.byte(i + 15), moves != 0xFF {
            output.appendSensor(base, metric: "movement_counter", value: Double(moves), unit: "")
        }
    }

    /// Rounds away binary noise from fixed-point scaling (24.300000000000001 → 24.3).
    static func round(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }
}
