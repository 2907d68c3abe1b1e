// Tasmota firmware telemetry (`tasmota`).
//
// Sources checked (search tool, "docs"/"pages"): Tasmota documentation (tasmota.github.io/docs/MQTT and
// /Commands: FullTopic `%prefix%/%topic%/`, telemetry `tele/<topic>/SENSOR` with `{"Time":
// "2020-01-01T00:00:00", "<SENSOR>": {"Temperature", "Humidity", "DewPoint", …}, "TempUnit": "C"}`, `ENERGY`
// with `Total`, `Yesterday`, `Today`, `Power`, `Voltage`, `Current`; `Time` is local time without an
// offset unless `SetOption` for ISO offsets is on; `tele/<topic>/LWT` carries `Online`/`Offline`;
// `tele/<topic>/STATE` is device state, not sensor data).

/// Decodes Tasmota `SENSOR` telemetry into one sensor reading per numeric member of each sensor object
/// (tag `<topic>/<SENSOR>`, metric in snake_case, unit from `TempUnit`/`PressureUnit` or the metric);
/// `Time` without an offset is read in the gateway's configured UTC offset. A numeric array (multi-channel
/// `ENERGY`, `"Current":[1.320,2.100]`) becomes one metric per element (`current_1`, `current_2`). A number
/// that is not finite (`1e999`) stores no row and is recorded in `nulled`. `LWT` becomes gateway status;
/// `STATE`, `INFO*` and `stat/…` topics are skipped.
public struct TasmotaDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "tasmota"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let time: JSONKey = "Time"
        static let tempUnit: JSONKey = "TempUnit"
        static let pressureUnit: JSONKey = "PressureUnit"
        static let online: JSONKey = "Online"
        static let temperature: JSONKey = "temperature"
        static let dewPoint: JSONKey = "dew_point"
        static let pressure: JSONKey = "pressure"
    }

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        let segments = TopicSegments(topic: topic)
        guard segments.count >= 3, let kind = segments.fromEnd(0), let device = segments.fromEnd(1) else {
            throw DecodeError(.missingField, detail: "topic is not tele/<topic>/SENSOR or tele/<topic>/LWT")
        }
        let gateway = context.topicGateway.isEmpty ? GatewayID(bytes: device) ?? GatewayID() : context.topicGateway
        if kind.elementsEqual("LWT".utf8) {
            output.gatewayStatus.append(
                GatewayStatus(gateway: gateway, online: PlainText.equals(payload, Key.online), time: context.receivedAt))
            return
        }
        guard kind.elementsEqual("SENSOR".utf8) else { return }
        guard let deviceTag = TagID(bytes: device), !deviceTag.isEmpty else {
            throw DecodeError(.idTooLong, detail: "device topic is empty or longer than 64 bytes")
        }
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            let root = tape.root
            guard tape.kind(root) == .object else { throw JSONTape.wrongType(tape.kind(root), expected: "an object") }
            var base = Reading(time: context.receivedAt, receivedAt: context.receivedAt, kind: .sensor, tag: TagID(), gateway: gateway)
            base.zone = context.topicZone
            if let time = try tape.timestamp(
                Key.time, in: root, defaultUTCOffsetSeconds: context.gatewayUTCOffsetSeconds,
                localTimeZone: context.localTimeZone, near: context.receivedAt) {
                base.time = context.checkedTime(time, flags: &base.flags)
            } else {
                base.flags.insert(.receiveTime)
            }
            let tempUnit: UnitName = (try? tape.string(Key.tempUnit, in: root)) ?? "C"
            let pressureUnit: UnitName = (try? tape.string(Key.pressureUnit, in: root)) ?? "hPa"
            for (sensorKey, sensor) in tape.members(of: root) where tape.kind(sensor) == .object {
                var tag = deviceTag
                guard let name: TagID = try? tape.string(sensorKey), tag.append(UInt8(ascii: "/")),
                    tag.append(name)
                else {
                    output.rejected.append(
                        DecodeError(.idTooLong, field: (try? tape.text(sensorKey)) ?? "", detail: "device/sensor id too long"))
                    continue
                }
                var r = base
                r.tag = tag
                for (key, value) in tape.members(of: sensor) {
                    let kind = tape.kind(value)
                    guard kind == .number || kind == .array else { continue }
                    guard let metric = SensorUnits.metricName(tape, key: key) else {
                        output.rejected.append(
                            DecodeError(.idTooLong, field: Self.path(tape, sensorKey, key), detail: "metric name too long"))
                        continue
                    }
                    let unit: UnitName =
                        metric.equals(Key.temperature) || metric.equals(Key.dewPoint)
                        ? tempUnit : metric.equals(Key.pressure) ? pressureUnit : SensorUnits.unit(for: metric)
                    if kind == .number {
                        Self.append(tape, value, r, metric, unit, field: Self.path(tape, sensorKey, key), &output)
                        continue
                    }
                    var index = 0
                    for element in tape.elements(of: value) {
                        index += 1  // channels count from 1, by position in the array
                        guard tape.kind(element) == .number else { continue }
                        var digits = 1
                        while index >= Self.powerOfTen(digits) { digits += 1 }
                        var channel = metric
                        guard metric.count + 1 + digits <= 24, channel.append(UInt8(ascii: "_")) else {
                            output.rejected.append(
                                DecodeError(
                                    .idTooLong, field: Self.path(tape, sensorKey, key) + "[\(index - 1)]",
                                    detail: "metric name too long"))
                            continue
                        }
                        channel.append(decimal: index)  // fits: checked above (MetricName holds 24 bytes)
                        Self.append(
                            tape, element, r, channel, unit, field: Self.path(tape, sensorKey, key) + "[\(index - 1)]",
                            &output)
                    }
                }
            }
        }
    }

    /// Appends `value` as a sensor row, or records in `nulled` why it is not a finite number.
    private static func append(
        _ tape: borrowing JSONTape, _ value: JSONValue, _ base: Reading, _ metric: MetricName, _ unit: UnitName,
        field: @autoclosure () -> String, _ output: inout DecodeOutput
    ) {
        do {
            output.appendSensor(base, metric: metric, value: try tape.double(value), unit: unit)
        } catch {
            output.nulled.append(error.within(field()))
        }
    }

    private static func powerOfTen(_ n: Int) -> Int {
        var p = 1
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// `SENSOR.Key` for error paths.
    private static func path(_ tape: borrowing JSONTape, _ sensor: JSONValue, _ key: JSONValue) -> String {
        ((try? tape.text(sensor)) ?? "") + "." + ((try? tape.text(key)) ?? "")
    }
}
