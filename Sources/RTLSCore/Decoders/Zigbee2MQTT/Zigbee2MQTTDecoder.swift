// Zigbee2MQTT bridge (`zigbee2mqtt`).
//
// Sources checked (search tool, "docs"/"pages"): Zigbee2MQTT MQTT topics and messages documentation
// (zigbee2mqtt.io/guide/usage/mqtt_topics_and_messages: device state on `zigbee2mqtt/<friendly_name>` as a
// flat JSON object of exposes — `temperature`, `humidity`, `pressure`, `battery`, `voltage` (mV),
// `linkquality`, `occupancy`, `contact`… — optional `last_seen` (ISO 8601 or epoch ms), device availability
// on `<friendly_name>/availability`, bridge state on `zigbee2mqtt/bridge/state` (`{"state":"online"}`, plain
// `online` in releases before 1.29) and other `bridge/…` topics for logs, devices and requests).

/// Decodes Zigbee2MQTT device messages into one sensor reading per numeric (or boolean, as 1/0) member;
/// the tag is the friendly name (everything after the base topic); members of a nested object (composite
/// exposes such as `color: {x, y}` or `update: {installed_version, …}`) as `color.x`, one level deep.
/// A switch's `"ON"`/`"OFF"` (the `state` of a smart plug or light, Zigbee2MQTT's binary `value_on`/
/// `value_off`) is stored as 1/0 like a boolean; other strings are skipped. `voltage` of 1000
/// or more is taken as millivolts (battery devices) and stored in volts. An impossible value (a `battery`
/// outside 0–100 %, a negative `voltage`, `linkquality` outside 0–255, a number that overflows like `1e999`)
/// stores no row and is recorded in `nulled`. `bridge/state` becomes gateway status; other `bridge/…`,
/// `/availability`, `/set` and `/get` topics are skipped without error.
public struct Zigbee2MQTTDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "zigbee2mqtt"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let lastSeen: JSONKey = "last_seen"
        static let state: JSONKey = "state"
        static let online: JSONKey = "online"
        static let voltage: JSONKey = "voltage"
        static let battery: JSONKey = "battery"
        static let linkquality: JSONKey = "linkquality"
        static let on: JSONKey = "ON"
        static let off: JSONKey = "OFF"
    }

    /// The values a metric can physically take (FieldPolicy); any other metric is only checked for being finite.
    static func range(for metric: MetricName) -> ClosedRange<Double> {
        if metric.equals(Key.battery) { return FieldPolicy.battery }
        if metric.equals(Key.voltage) { return FieldPolicy.voltage }
        if metric.equals(Key.linkquality) { return 0...255 }  // Zigbee LQI is one byte
        return FieldPolicy.finite
    }

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        let segments = TopicSegments(topic: topic)
        let base = segments.segment(0).flatMap { GatewayID(bytes: $0) } ?? GatewayID()
        let gateway = context.topicGateway.isEmpty ? base : context.topicGateway
        if segments.segment(1, is: "bridge") {
            guard segments.count == 3, segments.segment(2, is: "state") else { return }
            var online = PlainText.equals(payload, Key.online)
            if !online, (try? output.tape.parse(payload)) != nil, let state = output.tape.field(Key.state, in: output.tape.root) {
                online = output.tape.stringEquals(state, Key.online)
            }
            output.gatewayStatus.append(GatewayStatus(gateway: gateway, online: online, time: context.receivedAt))
            return
        }
        if let last = segments.fromEnd(0),
            last.elementsEqual("availability".utf8) || last.elementsEqual("set".utf8) || last.elementsEqual("get".utf8)
        {
            return
        }
        var tag = context.topicTag
        if tag.isEmpty {
            guard let name = segments.dropping(1), let t = TagID(bytes: name), !t.isEmpty else {
                throw DecodeError(.idTooLong, detail: "friendly name is missing or longer than 64 bytes")
            }
            tag = t
        }
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            let root = tape.root
            guard tape.kind(root) == .object else { throw JSONTape.wrongType(tape.kind(root), expected: "an object") }
            var base0 = Reading(time: context.receivedAt, receivedAt: context.receivedAt, kind: .sensor, tag: tag, gateway: gateway)
            base0.zone = context.topicZone
            if let seen = try tape.timestamp(
                Key.lastSeen, in: root, defaultUTCOffsetSeconds: context.gatewayUTCOffsetSeconds,
                localTimeZone: context.localTimeZone, near: context.receivedAt) {
                base0.time = context.checkedTime(seen, flags: &base0.flags)
            } else {
                base0.flags.insert(.receiveTime)
            }
            for (key, value) in tape.members(of: root) {
                let kind = tape.kind(value)
                if kind == .object {
                    // Composite exposes, one level deep: `color: {x, y}` (color_xy), `color: {hue,
                    // saturation}`, `update: {installed_version, latest_version}` → `color.x`, ….
                    let prefix = (try? tape.text(key)) ?? ""
                    for (member, inner) in tape.members(of: value) {
                        let innerKind = tape.kind(inner)
                        guard innerKind == .number || innerKind == .bool else { continue }
                        let path = prefix + "." + ((try? tape.text(member)) ?? "")
                        guard let metric = MetricName(path) else {
                            output.rejected.append(DecodeError(.idTooLong, field: path, detail: "metric name too long"))
                            continue
                        }
                        Self.append(tape, inner, kind: innerKind, metric: metric, field: path, base: base0, into: &output)
                    }
                    continue
                }
                if kind == .string {
                    // A binary expose's "ON"/"OFF" (a plug's `state`): 1/0, as a boolean would be.
                    let on = tape.stringEquals(value, Key.on)
                    guard on || tape.stringEquals(value, Key.off) else { continue }
                    guard let metric = SensorUnits.metricName(tape, key: key) else {
                        output.rejected.append(
                            DecodeError(.idTooLong, field: (try? tape.text(key)) ?? "", detail: "metric name too long"))
                        continue
                    }
                    output.appendSensor(base0, metric: metric, value: on ? 1 : 0, unit: SensorUnits.unit(for: metric))
                    continue
                }
                guard kind == .number || kind == .bool, !tape.stringEquals(key, Key.lastSeen) else { continue }
                guard let metric = SensorUnits.metricName(tape, key: key) else {
                    output.rejected.append(DecodeError(.idTooLong, field: (try? tape.text(key)) ?? "", detail: "metric name too long"))
                    continue
                }
                Self.append(
                    tape, value, kind: kind, metric: metric, field: (try? tape.text(key)) ?? metric.string, base: base0,
                    into: &output)
            }
        }
    }

    /// One numeric (or boolean, as 1/0) member as a sensor reading, after the unit and range rules.
    private static func append(
        _ tape: JSONTape, _ value: JSONValue, kind: JSONKind, metric: MetricName, field: String,
        base: Reading, into output: inout DecodeOutput
    ) {
        let number: Double
        do throws(DecodeError) {
            number = kind == .bool ? (try tape.bool(value) ? 1 : 0) : try tape.double(value)
        } catch {
            output.nulled.append(error.within(field))
            return
        }
        var unit = SensorUnits.unit(for: metric)
        var v = number
        if metric.equals(Key.voltage) && number >= 1000 {
            // Battery devices report millivolts (3015), mains plugs volts (230.5); 1000 separates them.
            v = number / 1000
            unit = "V"
        }
        let range = Self.range(for: metric)
        guard range.contains(v) else {
            output.nulled.append(FieldPolicy.outOfRange(v, range, field: field))
            return
        }
        output.appendSensor(base, metric: metric, value: v, unit: unit)
    }
}
