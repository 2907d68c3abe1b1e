// Theengs Gateway / OpenMQTTGateway BLE (`theengs`).
//
// Sources checked (search tool, "docs"/"pages"): OpenMQTTGateway BLE documentation
// (docs.openmqttgateway.com/use/ble.html: `home/<gateway>/BTtoMQTT/<MAC without colons>` carrying `id` (MAC),
// `rssi`, `distance`, `brand`, `model`, `model_id`, decoded values such as `tempc`, `tempf`, `hum`, `batt`,
// `volt`, and for iBeacons `uuid`, `major`, `minor`, `txpower`), an OpenMQTTGateway serial log showing
// payloads like `{"id":"45:F6:8A:76:86:C5","rssi":-55,"txpower":12,"distance":0.495572}`, and the
// Theengs decoder property names (tempc, hum, batt, volt).

/// Decodes Theengs/OpenMQTTGateway BLE messages: a BLE reading (tag = iBeacon `uuid-major-minor` when
/// present, else the MAC; `batt` as battery) plus `temperature` (tempc), `humidity` (hum), `voltage`
/// (volt), `tx_power` (txpower, dBm) and `distance` (m, the gateway's estimate) sensor readings. `tempf`
/// repeats `tempc` in °F and is not stored twice. There is no device time: readings carry the receive
/// time. A gateway name in the topic longer than rtlsd stores is rejected (`id_too_long`), never cut.
public struct TheengsDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "theengs"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let id = JSONKey("id", slot: 0)
        static let rssi = JSONKey("rssi", slot: 1)
        static let uuid = JSONKey("uuid", slot: 2)
        static let major = JSONKey("major", slot: 3)
        static let minor = JSONKey("minor", slot: 4)
        static let tempc = JSONKey("tempc", slot: 5)
        static let hum = JSONKey("hum", slot: 6)
        static let batt = JSONKey("batt", slot: 7)
        static let volt = JSONKey("volt", slot: 8)
        static let txpower = JSONKey("txpower", slot: 9)
        static let distance = JSONKey("distance", slot: 10)
        /// The keys read from a message, found in one walk over its members.
        static let all = JSONKeySet([id, rssi, uuid, major, minor, tempc, hum, batt, volt, txpower, distance])
    }

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(
        topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput
    )
        throws(DecodeError)
    {
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            let root = tape.root
            guard tape.kind(root) == .object else { throw JSONTape.wrongType(tape.kind(root), expected: "an object") }
            let fields = JSONFields(tape, root, Key.all)
            let segments = TopicSegments(topic: topic)
            var gateway = context.topicGateway
            if gateway.isEmpty, let range = segments.range(before: "BTtoMQTT") {
                guard let name: GatewayID = segments.inline(range) else {
                    throw DecodeError(.idTooLong, detail: "topic gateway is longer than the 32 bytes rtlsd stores")
                }
                gateway = name
            }
            var tag: TagID
            if let id: TagID = try tape.string(Key.id, in: fields), !id.isEmpty {
                tag = MACAddress.normalized(id)
            } else if let tail = segments.rangeFromEnd(0), !tail.isEmpty {
                guard let fromTopic: TagID = segments.inline(tail) else {
                    throw DecodeError(.idTooLong, detail: "topic device id is longer than the 64 bytes rtlsd stores")
                }
                tag = MACAddress.normalized(fromTopic)
            } else {
                throw .missing("id")
            }
            if let uuid = fields.present(Key.uuid) {
                guard let major = try tape.int(Key.major, in: fields) else { throw .missing("major") }
                guard let minor = try tape.int(Key.minor, in: fields) else { throw .missing("minor") }
                tag = try IBeaconID.make(tape, uuid: uuid, uuidField: "uuid", major: major, minor: minor)
            }
            var r = Reading(
                time: context.receivedAt, receivedAt: context.receivedAt, kind: .ble, tag: tag, gateway: gateway)
            r.flags = .receiveTime
            r.zone = context.topicZone
            if let v = output.field(tape, Key.rssi, in: fields, FieldPolicy.rssi) { r.rssi = Float(v) }
            if let v = output.field(tape, Key.batt, in: fields, FieldPolicy.battery) { r.battery = Float(v) }
            let temperature = output.field(tape, Key.tempc, in: fields, FieldPolicy.finite)
            let humidity = output.field(tape, Key.hum, in: fields, FieldPolicy.finite)
            let voltage = output.field(tape, Key.volt, in: fields, FieldPolicy.voltage)
            let txPower = output.field(tape, Key.txpower, in: fields, FieldPolicy.txPower)
            let distance = output.field(tape, Key.distance, in: fields, FieldPolicy.distance)
            output.readings.append(r)
            let sensor = SensorTemplate(r)
            if let v = temperature {
                output.appendSensor(sensor, metric: SensorMetric.temperature, value: v, unit: SensorUnit.celsius)
            }
            if let v = humidity {
                output.appendSensor(sensor, metric: SensorMetric.humidity, value: v, unit: SensorUnit.percent)
            }
            if let v = voltage { output.appendSensor(sensor, metric: SensorMetric.voltage, value: v, unit: SensorUnit.volt) }
            if let v = txPower { output.appendSensor(sensor, metric: SensorMetric.txPower, value: v, unit: SensorUnit.dBm) }
            if let v = distance {
                output.appendSensor(sensor, metric: SensorMetric.distance, value: v, unit: SensorUnit.metre)
            }
        }
    }
}
