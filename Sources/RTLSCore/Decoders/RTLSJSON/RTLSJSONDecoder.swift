/// rtlsd's own JSON format (`rtls-json`), for gateways and integrations that can be told what to send.
///
/// A message is one object or an array of objects:
///
/// ```json
/// {"ts": "2026-11-23T12:00:00.250Z", "tag": "E2801160600002054E0F3A21", "gw": "fx9600-03",
///  "kind": "rfid", "rssi": -61.5, "antenna": 2}
/// ```
///
/// | field | type | meaning |
/// |---|---|---|
/// | `ts` | RFC 3339 string or epoch number | device time (required; unit by magnitude) |
/// | `tag` | string ≤ 64 bytes | tag id (required unless the topic captures `+tag`) |
/// | `gw` | string ≤ 32 bytes | gateway (else the topic's `+gateway`) |
/// | `kind` | `rfid` `ble` `gps` `uwb` `qr` `sensor` | default `ble`, or `sensor` when `metric` is set |
/// | `rssi` | number, −130…0 | dBm |
/// | `antenna` | integer, 0…32767 | RFID antenna port |
/// | `x` `y` `z` | numbers, metres | floor coordinates |
/// | `lat` `lon` | numbers, ±90 / ±180 | WGS84; both or neither |
/// | `acc` | number ≥ 0 | accuracy in metres |
/// | `battery` | number, 0…100 | percent |
/// | `zone` | string ≤ 32 bytes | zone (else the topic's `+zone`) |
/// | `metric` `value` `unit` | string, number, string | a sensor reading; `value` required with `metric` |
///
/// Unknown fields are ignored. In an array, a bad item is rejected (`[i].field`) and the rest kept.
public struct RTLSJSONDecoder: BatchItemDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "rtls-json"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let ts = JSONKey("ts", slot: 0)
        static let tag = JSONKey("tag", slot: 1)
        static let gw = JSONKey("gw", slot: 2)
        static let kind = JSONKey("kind", slot: 3)
        static let rssi = JSONKey("rssi", slot: 4)
        static let antenna = JSONKey("antenna", slot: 5)
        static let x = JSONKey("x", slot: 6)
        static let y = JSONKey("y", slot: 7)
        static let z = JSONKey("z", slot: 8)
        static let lat = JSONKey("lat", slot: 9)
        static let lon = JSONKey("lon", slot: 10)
        static let acc = JSONKey("acc", slot: 11)
        static let battery = JSONKey("battery", slot: 12)
        static let zone = JSONKey("zone", slot: 13)
        static let metric = JSONKey("metric", slot: 14)
        static let value = JSONKey("value", slot: 15)
        static let unit = JSONKey("unit", slot: 16)
        /// Every key an item is read for, in slot order.
        static let item = JSONKeySet([
            ts, tag, gw, kind, rssi, antenna, x, y, z, lat, lon, acc, battery, zone, metric, value, unit,
        ])
    }

    static let kindNames: [(JSONKey, SourceKind)] = [
        ("rfid", .rfid), ("ble", .ble), ("gps", .gps), ("uwb", .uwb), ("qr", .qr), ("sensor", .sensor),
    ]

    /// One item of the payload (``BatchItemDecoder``).
    static func item(
        _ tape: borrowing JSONTape, _ item: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError) {
        output.readings.append(try Self.reading(tape, item, context, &output))
    }

    static func reading(
        _ tape: borrowing JSONTape, _ object: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError)
        -> Reading
    {
        let fields = JSONFields(tape, object, Key.item)
        guard let device = try tape.timestamp(Key.ts, in: fields) else { throw .missing("ts") }
        let tag: TagID
        if let t: TagID = try tape.string(Key.tag, in: fields) {
            tag = t
        } else if !context.topicTag.isEmpty {
            tag = context.topicTag
        } else {
            throw .missing("tag")
        }
        guard !tag.isEmpty else { throw DecodeError(.missingField, field: "tag", detail: "is empty") }
        let metric: MetricName? = try tape.string(Key.metric, in: fields)
        var kind: SourceKind = metric == nil ? .ble : .sensor
        if let k = fields.present(Key.kind) {
            guard tape.kind(k) == .string else { throw JSONTape.wrongType(tape.kind(k), expected: "a string").within("kind") }
            guard let match = Self.kindNames.first(where: { tape.stringEquals(k, $0.0) }) else {
                throw DecodeError(.outOfRange, field: "kind", detail: "is not one of rfid, ble, gps, uwb, qr, sensor")
            }
            kind = match.1
        }
        var flags = ReadingFlags()
        let time = context.checkedTime(device, flags: &flags)
        var r = Reading(
            time: time, receivedAt: context.receivedAt, kind: kind, tag: tag,
            gateway: try tape.string(Key.gw, in: fields) ?? context.topicGateway)
        r.flags = flags
        if let v = output.field(tape, Key.rssi, in: fields, FieldPolicy.rssi) { r.rssi = Float(v) }
        if let v = output.field(tape, Key.antenna, in: fields, FieldPolicy.antenna) { r.antenna = Int16(v) }
        if let v = output.field(tape, Key.x, in: fields, FieldPolicy.coordinate) { r.x = Float(v) }
        if let v = output.field(tape, Key.y, in: fields, FieldPolicy.coordinate) { r.y = Float(v) }
        if let v = output.field(tape, Key.z, in: fields, FieldPolicy.coordinate) { r.z = Float(v) }
        if (fields.present(Key.lat) == nil) != (fields.present(Key.lon) == nil) {
            let absent = fields.present(Key.lat) == nil ? "lat" : "lon"
            throw DecodeError(.missingField, field: absent, detail: "lat and lon come together")
        }
        r.lat = output.field(tape, Key.lat, in: fields, FieldPolicy.latitude)
        r.lon = output.field(tape, Key.lon, in: fields, FieldPolicy.longitude)
        if r.lat == nil || r.lon == nil { (r.lat, r.lon) = (nil, nil) }  // a position is both or neither
        if let v = output.field(tape, Key.acc, in: fields, FieldPolicy.accuracy) { r.accuracy = Float(v) }
        if let v = output.field(tape, Key.battery, in: fields, FieldPolicy.battery) { r.battery = Float(v) }
        r.zone = try tape.string(Key.zone, in: fields) ?? context.topicZone
        if let metric {
            guard !metric.isEmpty else { throw DecodeError(.missingField, field: "metric", detail: "is empty") }
            guard let value = try tape.double(Key.value, in: fields) else { throw .missing("value") }
            r.metric = metric
            r.value = value
            r.unit = try tape.string(Key.unit, in: fields) ?? UnitName()
        } else if kind == .sensor {
            throw DecodeError(.missingField, field: "metric", detail: "is required for kind sensor")
        }
        return r
    }
}
