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
        static let id: JSONKey = "id"
        static let rssi: JSONKey = "rssi"
        static let uuid: JSONKey = "uuid"
        static let major: JSONKey = "major"
        static let minor: JSONKey = "minor"
        static let tempc: JSONKey = "tempc"
        static let hum: JSONKey = "hum"
        static let batt: JSONKey = "batt"
        static let volt: JSONKey = "volt"
        static let txpower: JSONKey = "txpower"
        static let distance: JSONKey = "distance"
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
            var gateway = context.topicGateway
            if gateway.isEmpty, let bt = (0..<segments.count).first(where: { segments.segment($0, is: "BTtoMQTT") }), bt > 0 {
                guard let name = segments.segment(bt - 1).flatMap({ GatewayID(bytes: $0) }) else {
                    throw DecodeError(.idTooLong, detail: "topic gateway is longer than the 32 bytes rtlsd stores")
                }
                gateway = name
            }
            var tag: TagID
            if let id: TagID = try tape.string(Key.id, in: root), !id.isEmpty {
                tag = MACAddress.normalized(id)
            } else if let tail = segments.fromEnd(0), !tail.isEmpty {
                guard let fromTopic = TagID(bytes: tail) else {
                    throw DecodeError(.idTooLong, detail: "topic device id is longer than the 64 bytes rtlsd stores")
                }
                tag = MACAddress.normalized(fromTopic)
            } else {
                throw .missing("id")
            }
            if let uuid = tape.presentField(Key.uuid, in: root) {
                guard let major = try tape.int(Key.major, in: root) else { throw .missing("major") }
                guard let minor = try tape.int(Key.minor, in: root) else { throw .missing("minor") }
                tag = try IBeaconID.make(tape, uuid: uuid, uuidField: "uuid", major: major, minor: minor)
            }
            var r = Reading(time: context.receivedAt, receivedAt: context.receivedAt, kind: .ble, tag: tag, gateway: gateway)
            r.flags = .receiveTime
            r.zone = context.topicZone
            if let v = output.field(tape, Key.rssi, in: root, FieldPolicy.rssi) { r.rssi = Float(v) }
            if let v = output.field(tape, Key.batt, in: root, FieldPolicy.battery) { r.battery = Float(v) }
            let temperature = output.field(tape, Key.tempc, in: root, FieldPolicy.finite)
            let humidity = output.field(tape, Key.hum, in: root, FieldPolicy.finite)
            let voltage = output.field(tape, Key.volt, in: root, FieldPolicy.voltage)
            let txPower = output.field(tape, Key.txpower, in: root, FieldPolicy.txPower)
            let distance = output.field(tape, Key.distance, in: root, FieldPolicy.distance)
            output.readings.append(r)
            if let v = temperature { output.appendSensor(r, metric: "temperature", value: v, unit: "C") }
            if let v = humidity { output.appendSensor(r, metric: "humidity", value: v, unit: "%") }
            if let v = voltage { output.appendSensor(r, metric: "voltage", value: v, unit: "V") }
            if let v = txPower { output.appendSensor(r, metric: "tx_power", value: v, unit: "dBm") }
            if let v = distance { output.appendSensor(r, metric: "distance", value: v, unit: "m") }
        }
    }
}
