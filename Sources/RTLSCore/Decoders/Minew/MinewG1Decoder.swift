// Minew G1 BLE gateway, MQTT upload in "JSON long" format (`minew-g1`).
//
// Sources: the corpus holds no copy of Minew's G1 manual ("Data format" chapter). Field names were checked
// against Minew G1 payloads captured in public code (search tool, "code": heartbeat
// `{"timestamp","type":"Gateway","mac","gatewayFree","gatewayLoad"}`, raw items
// `{"timestamp","type":"Unknown","mac","bleName","rssi","rawData"}`, parsed iBeacon items with
// `ibeaconUuid`, `ibeaconMajor`, `ibeaconMinor`, `ibeaconTxPower`, `battery`, parsed S1 sensor items with
// `temperature`, `humidity`, `battery`) and reelyActive's barnowl-minew JSON-long decoder
// (github.com/reelyactive/barnowl-minew, lib/jsonlongpacketdecoder.js). The "short" form rtlsd accepts is
// the same array with items that leave out `type`/`bleName`; its exact Minew field list could not be
// verified. Advertisements: Bluetooth Core Spec AD structures, Apple iBeacon, Google's Eddystone spec,
// Ruuvi's data formats (see ``BLEAdvertisement``, ``EddystoneFrame``, ``RuuviAdvertisement``).

/// Decodes Minew G1 JSON batches: the heartbeat becomes gateway status, every advertisement a BLE
/// reading (tag = iBeacon `uuid-major-minor`, else Eddystone-UID `namespace-instance`, else the MAC),
/// plus the sensor readings its advertisement carries (``DecodeOutput/appendAdvertisement(_:_:base:field:)``:
/// tx power, Eddystone-TLM, Ruuvi formats) and the parsed fields `ibeaconTxPower` (`tx_power`),
/// `temperature`, `humidity`. An item with an empty `mac` and no beacon id, an Eddystone-EID or unknown
/// frame, or an unknown Ruuvi format is rejected (counted), never stored under an invented id.
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
        static let txPower = JSONKey("ibeaconTxPower", slot: 9)
        static let temperature = JSONKey("temperature", slot: 10)
        static let humidity = JSONKey("humidity", slot: 11)
        /// The keys read from an item.
        static let item = JSONKeySet([
            timestamp, type, mac, rssi, rawData, uuid, major, minor, battery, txPower, temperature, humidity,
        ])
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
        let rawMAC: TagID = try tape.string(Key.mac, in: fields) ?? TagID()
        var r = Reading(time: time, receivedAt: context.receivedAt, kind: .ble, tag: rawMAC, gateway: context.topicGateway)
        r.flags = flags
        r.zone = context.topicZone
        var advertisement: BLEAdvertisement?
        var hex: HexText?
        if let raw = fields.present(Key.rawData) {
            guard let range = tape.rawStringRange(raw), let parsed = BLEAdvertisement(HexText(bytes: tape.bytes, range: range))
            else { throw DecodeError(.wrongType, field: "rawData", detail: "is not a hex BLE advertisement") }
            advertisement = parsed
            hex = HexText(bytes: tape.bytes, range: range)
        }
        if let uuid = fields.present(Key.uuid) {
            r.tag = try Self.iBeaconID(tape, uuid, fields)
        } else if let id = advertisement?.iBeacon ?? advertisement?.eddystoneUID {
            r.tag = id
        } else if !rawMAC.isEmpty {
            r.tag = MACAddress.normalized(rawMAC)
        } else {
            // No beacon id and no MAC: nothing identifies the device (never a reading with an empty tag).
            throw DecodeError(.missingField, field: "mac", detail: "is empty and the advertisement carries no beacon id")
        }
        if let v = output.field(tape, Key.rssi, in: fields, FieldPolicy.rssi) { r.rssi = Float(v) }
        if let v = output.field(tape, Key.battery, in: fields, FieldPolicy.battery) { r.battery = Float(v) }
        let txPower = output.field(tape, Key.txPower, in: fields, FieldPolicy.txPower)
        let temperature = output.field(tape, Key.temperature, in: fields, FieldPolicy.finite)
        let humidity = output.field(tape, Key.humidity, in: fields, FieldPolicy.finite)
        if let advertisement, let hex {
            try output.appendAdvertisement(advertisement, hex, base: r, field: "rawData")
        } else {
            output.readings.append(r)
        }
        if let v = txPower { output.appendSensor(r, metric: SensorMetric.txPower, value: v, unit: SensorUnit.dBm) }
        if let v = temperature {
            output.appendSensor(r, metric: SensorMetric.temperature, value: v, unit: SensorUnit.celsius)
        }
        if let v = humidity {
            output.appendSensor(r, metric: SensorMetric.humidity, value: v, unit: SensorUnit.percent)
        }
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
