// Minew G1 BLE gateway, MQTT upload in "JSON long" format (`minew-g1`).
//
// Sources checked (search tool, "pages"/"code"/"docs"): the corpus holds no copy of Minew's G1 user
// manual ("Data format" chapter); field names follow that manual as summarised in the task brief: an array
// whose first item is the gateway heartbeat `{"timestamp","type":"Gateway","mac","gatewayFree",
// "gatewayLoad"}`, then one item per advertisement `{"timestamp","type","mac","bleName","rssi","rawData"}`,
// or, with parsing enabled, `type` iBeacon with `ibeaconUuid`, `ibeaconMajor`, `ibeaconMinor`,
// `ibeaconTxPower` and `battery`. Advertisement layouts were checked against the April Brother BLE
// gateway V4 guide (wiki.aprbrother.com, raw iBeacon frame `0201061AFF4C000215…`) and Minew's beacon
// product info (E8 tag frames), plus the Bluetooth Core Spec AD structure and Google's Eddystone spec.

/// Decodes Minew G1 "JSON long" batches: the heartbeat becomes gateway status, every advertisement a
/// BLE reading (tag = iBeacon `uuid-major-minor`, else Eddystone `namespace-instance`, else the MAC), and
/// Eddystone-TLM frames add `temperature` and `battery_voltage` sensor readings.
public struct MinewG1Decoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "minew-g1"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let timestamp = JSONKey("timestamp", slot: 0)
        static let type = JSONKey("type", slot: 1)
        static let mac = JSONKey("mac", slot: 2)
        static let rssi = JSONKey("rssi", slot: 3)
        static let rawData = JSONKey("rawData", slot: 4)
        static let uuid = JSONKey("ibeaconUuid", slot: 5)
        static let major = JSONKey("ibeaconMajor", slot: 6)
        static let minor = JSONKey("ibeaconMinor", slot: 7)
        static let battery = JSONKey("battery", slot: 8)
        /// The keys read from an item.
        static let item = JSONKeySet([timestamp, type, mac, rssi, rawData, uuid, major, minor, battery])
        /// The heartbeat's `type` (compared as a value).
        static let gateway: JSONKey = "Gateway"
    }

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            var context = context
            // The heartbeat names the gateway for the advertisements after it (unless the topic does).
            if context.topicGateway.isEmpty, tape.kind(tape.root) == .array {
                for item in tape.elements(of: tape.root) where tape.kind(item) == .object {
                    if let type = tape.presentField(Key.type, in: item), tape.stringEquals(type, Key.gateway),
                        let mac: GatewayID = try? tape.string(Key.mac, in: item)
                    {
                        context.topicGateway = MACAddress.normalized(mac)
                        break
                    }
                }
            }
            let gatewayContext = context
            try BatchWalker.each(tape, into: &output) { (tape, item, output) throws(DecodeError) in
                try Self.item(tape, item, gatewayContext, &output)
            }
        }
    }

    static func item(_ tape: borrowing JSONTape, _ item: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput)
        throws(DecodeError)
    {
        let fields = JSONFields(tape, item, Key.item)
        var flags = ReadingFlags()
        let time: Timestamp
        if let device = try tape.timestamp(Key.timestamp, in: fields) {
            time = context.checkedTime(device, flags: &flags)
        } else {
            time = context.receivedAt
            flags.insert(.receiveTime)
        }
        if let type = fields.present(Key.type), tape.stringEquals(type, Key.gateway) {
            guard let mac: GatewayID = try tape.string(Key.mac, in: fields) else { throw .missing("mac") }
            output.gatewayStatus.append(GatewayStatus(gateway: MACAddress.normalized(mac), online: true, time: time))
            return
        }
        guard let rawMAC: TagID = try tape.string(Key.mac, in: fields) else { throw .missing("mac") }
        var r = Reading(time: time, receivedAt: context.receivedAt, kind: .ble, tag: rawMAC, gateway: context.topicGateway)
        r.flags = flags
        r.zone = context.topicZone
        if let v = output.field(tape, Key.rssi, in: fields, FieldPolicy.rssi) { r.rssi = Float(v) }
        if let v = output.field(tape, Key.battery, in: fields, FieldPolicy.battery) { r.battery = Float(v) }
        var advertisement: BLEAdvertisement?
        if let raw = fields.present(Key.rawData) {
            guard let range = tape.rawStringRange(raw), let parsed = BLEAdvertisement(HexText(bytes: tape.bytes, range: range))
            else { throw DecodeError(.wrongType, field: "rawData", detail: "is not a hex BLE advertisement") }
            advertisement = parsed
        }
        if let uuid = fields.present(Key.uuid) {
            r.tag = try Self.iBeaconID(tape, uuid, fields)
        } else if let id = advertisement?.iBeacon ?? advertisement?.eddystoneUID {
            r.tag = id
        } else {
            r.tag = MACAddress.normalized(rawMAC)
        }
        output.readings.append(r)
        if let t = advertisement?.tlmTemperature { output.appendSensor(r, metric: "temperature", value: t, unit: "C") }
        if let v = advertisement?.tlmVoltage { output.appendSensor(r, metric: "battery_voltage", value: v, unit: "V") }
    }

    /// `uuid-major-minor` from the parsed-mode fields.
    static func iBeaconID(_ tape: borrowing JSONTape, _ uuid: JSONValue, _ fields: JSONFields) throws(DecodeError)
        -> TagID
    {
        guard let major = try tape.int(Key.major, in: fields) else { throw .missing("ibeaconMajor") }
        guard let minor = try tape.int(Key.minor, in: fields) else { throw .missing("ibeaconMinor") }
        return try IBeaconID.make(tape, uuid: uuid, uuidField: "ibeaconUuid", major: major, minor: minor)
    }
}
