// ESPresense room-presence nodes (`espresense`).
//
// Sources checked (search tool, "docs"/"pages"): Home Assistant's `mqtt_room` integration page
// (home-assistant.io/integrations/mqtt_room, topic `espresense/devices/<id>` and the `id`, `name`,
// `distance` payload), ESPresense discussions (ESPresense/ESPresense #1269: one message per sighting with
// `distance`, `rssi`, no timestamp) and the ioBroker.espresense adapter (subscribes to `espresense/#`).
// ESPresense publishes `espresense/devices/<device id>/<room>` with `id` (`iBeacon:<uuid>-<major>-<minor>`,
// `tile:<mac>`, `apple:…`), `name`, `rssi@1m`, `rssi`, `raw`, `distance`, `speed`, `mac`, `interval`.
// - ESPresense firmware source (github.com/ESPresense/ESPresense, src/BleFingerprint.cpp
//   `BleFingerprint::fill`, since 7717b64c of 2024-10-05): `mac`, `id`, `name`, `rssi@1m`, `rssi` (median),
//   `rxAdj`, `rssiVar`, `distance` (m), `var` (distance variance), `close`, `int` ((now − first seen) / times
//   seen, ms), and from sensor beacons `mV`, `batt`, `temp`, `rh`; `raw`, `speed` and `interval` are the
//   older firmware's names.

/// Decodes ESPresense device messages. The room (last topic segment) is the zone and, unless the topic
/// pattern captures `+gateway`, the gateway; the tag is the payload `id` (else the topic's device id).
/// ESPresense sends no device time, so readings carry the receive time and the `receiveTime` flag.
/// Sensor readings: `tx_power` (`rssi@1m`, the calibrated RSSI at 1 m, dBm), `distance` (filtered
/// estimate, m), `distance_raw` (`raw`, unfiltered estimate, m), `speed` (m/s) and
/// `advertising_interval` (`int`, older firmware `interval`, ms), `distance_variance` (`var`, m²), and
/// from sensor beacons `battery_voltage` (`mV` / 1000, V), `temperature` (`temp`, °C), `humidity`
/// (`rh`, %) and `batt` as the battery column. Not stored: `rxAdj` (a node setting), `rssiVar` (a statistic
/// of the RSSI column's own filter), `close` (a flag derived from the distance). A room or device id longer than rtlsd stores is rejected
/// (`id_too_long`), never cut.
public struct ESPresenseDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "espresense"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let id = JSONKey("id", slot: 0)
        static let rssi = JSONKey("rssi", slot: 1)
        static let rssiAt1m = JSONKey("rssi@1m", slot: 2)
        static let distance = JSONKey("distance", slot: 3)
        static let raw = JSONKey("raw", slot: 4)
        static let speed = JSONKey("speed", slot: 5)
        static let interval = JSONKey("interval", slot: 6)
        static let int = JSONKey("int", slot: 7)
        static let variance = JSONKey("var", slot: 8)
        static let millivolts = JSONKey("mV", slot: 9)
        static let battery = JSONKey("batt", slot: 10)
        static let temperature = JSONKey("temp", slot: 11)
        static let humidity = JSONKey("rh", slot: 12)
        /// The keys read from a message, found in one walk over its members (not one scan per key).
        static let all = JSONKeySet([
            id, rssi, rssiAt1m, distance, raw, speed, interval, int, variance, millivolts, battery, temperature, humidity,
        ])
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
            let split = segments.split()
            var room = ZoneName()
            if split.count >= 4 {
                guard let name: ZoneName = segments.inline(split.last) else {
                    throw DecodeError(.idTooLong, detail: "topic room is longer than the 32 bytes rtlsd stores")
                }
                room = name
            }
            let tag: TagID
            if let id: TagID = try tape.string(Key.id, in: fields), !id.isEmpty {
                tag = id
            } else if split.count >= 4, let segment = segments.fromEnd(1), !segment.isEmpty {
                guard let fromTopic = TagID(bytes: segment) else {
                    throw DecodeError(.idTooLong, detail: "topic device id is longer than the 64 bytes rtlsd stores")
                }
                tag = fromTopic
            } else {
                throw .missing("id")
            }
            var r = Reading(time: context.receivedAt, receivedAt: context.receivedAt, kind: .ble, tag: tag)
            r.flags = .receiveTime
            r.zone = context.topicZone.isEmpty ? room : context.topicZone
            r.gateway = context.topicGateway.isEmpty ? r.zone : context.topicGateway
            if let v = output.field(tape, Key.rssi, in: fields, FieldPolicy.rssi) { r.rssi = Float(v) }
            let txPower = output.field(tape, Key.rssiAt1m, in: fields, FieldPolicy.txPower)
            let distance = output.field(tape, Key.distance, in: fields, FieldPolicy.distance)
            let raw = output.field(tape, Key.raw, in: fields, FieldPolicy.distance)
            let speed = output.field(tape, Key.speed, in: fields, FieldPolicy.finite)
            let interval =
                output.field(tape, Key.int, in: fields, FieldPolicy.finite)
                ?? output.field(tape, Key.interval, in: fields, FieldPolicy.finite)
            let variance = output.field(tape, Key.variance, in: fields, FieldPolicy.distance)
            let millivolts = output.field(tape, Key.millivolts, in: fields, FieldPolicy.voltage.lowerBound...FieldPolicy.voltage.upperBound * 1000)
            if let v = output.field(tape, Key.battery, in: fields, FieldPolicy.battery) { r.battery = Float(v) }
            let temperature = output.field(tape, Key.temperature, in: fields, FieldPolicy.finite)
            let humidity = output.field(tape, Key.humidity, in: fields, FieldPolicy.finite)
            output.readings.append(r)
            let sensor = SensorTemplate(r)
            if let v = txPower { output.appendSensor(sensor, metric: SensorMetric.txPower, value: v, unit: SensorUnit.dBm) }
            if let v = distance {
                output.appendSensor(sensor, metric: SensorMetric.distance, value: v, unit: SensorUnit.metre)
            }
            if let v = raw {
                output.appendSensor(sensor, metric: SensorMetric.distanceRaw, value: v, unit: SensorUnit.metre)
            }
            if let v = speed {
                output.appendSensor(sensor, metric: SensorMetric.speed, value: v, unit: SensorUnit.metrePerSecond)
            }
            if let v = interval {
                output.appendSensor(sensor, metric: SensorMetric.advertisingInterval, value: v, unit: SensorUnit.millisecond)
            }
            if let v = variance {
                output.appendSensor(sensor, metric: SensorMetric.distanceVariance, value: v, unit: SensorUnit.squareMetre)
            }
            if let v = millivolts {
                output.appendSensor(sensor, metric: SensorMetric.batteryVoltage, value: v / 1000, unit: SensorUnit.volt)
            }
            if let v = temperature {
                output.appendSensor(sensor, metric: SensorMetric.temperature, value: v, unit: SensorUnit.celsius)
            }
            if let v = humidity { output.appendSensor(sensor, metric: SensorMetric.humidity, value: v, unit: SensorUnit.percent) }
        }
    }
}
