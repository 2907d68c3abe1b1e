// ESPHome nodes with the MQTT component (`esphome`).
//
// Sources checked (search tool, "docs"): ESPHome MQTT client component documentation
// (esphome.io/components/mqtt: state topics `<topic_prefix>/<component_type>/<object_id>/state` with the
// bare state as payload — a number formatted with the sensor's accuracy_decimals for `sensor`, `ON`/`OFF`
// for `binary_sensor` and `switch`, `nan` when a sensor has no value — and the birth/will messages
// `online`/`offline` on `<topic_prefix>/status`).

/// Decodes ESPHome state messages: `sensor/<name>/state` numbers and `binary_sensor|switch/<name>/state`
/// `ON`/`OFF` (as 1/0) become sensor readings (tag = node, metric = object id); `<node>/status` becomes
/// gateway status when it is `online` or `offline` (the documented birth and will payloads) and is rejected
/// as `wrongType` otherwise (counted, no status recorded). Any decimal the node prints is kept exactly as parsed; `nan` is rejected as
/// `outOfRange` (the sensor has no value), other text as `wrongType`.
public struct ESPHomeDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "esphome"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let on: JSONKey = "ON"
        static let off: JSONKey = "OFF"
        static let online: JSONKey = "online"
        static let offline: JSONKey = "offline"
        static let nan: JSONKey = "nan"
    }

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        let segments = TopicSegments(topic: topic)
        let n = segments.count
        guard let last = segments.fromEnd(0) else { throw DecodeError(.missingField, detail: "empty topic") }
        let node = segments.segment(0).flatMap { GatewayID(bytes: $0) } ?? GatewayID()
        let gateway = context.topicGateway.isEmpty ? node : context.topicGateway
        if n == 2 && last.elementsEqual("status".utf8) {
            let online = PlainText.equals(payload, Key.online)
            guard online || PlainText.equals(payload, Key.offline) else {
                throw DecodeError(.wrongType, detail: "status is not online or offline")
            }
            output.gatewayStatus.append(GatewayStatus(gateway: gateway, online: online, time: context.receivedAt))
            return
        }
        guard n >= 4, last.elementsEqual("state".utf8), let component = segments.fromEnd(2),
            let objectID = segments.fromEnd(1)
        else { return }
        let value: Double
        if component.elementsEqual("sensor".utf8) {
            guard let v = PlainText.number(payload) else {
                if PlainText.equals(payload, Key.nan) {
                    throw DecodeError(.outOfRange, detail: "the sensor reported nan (no value)")
                }
                throw DecodeError(.wrongType, detail: "state is not a number")
            }
            value = v
        } else if component.elementsEqual("binary_sensor".utf8) || component.elementsEqual("switch".utf8) {
            if PlainText.equals(payload, Key.on) {
                value = 1
            } else if PlainText.equals(payload, Key.off) {
                value = 0
            } else {
                throw DecodeError(.wrongType, detail: "state is not ON or OFF")
            }
        } else {
            return
        }
        guard let metric = MetricName(bytes: objectID), !metric.isEmpty else {
            throw DecodeError(.idTooLong, detail: "object id longer than 24 bytes")
        }
        var tag = context.topicTag
        if tag.isEmpty {
            guard let t = segments.segment(0).flatMap({ TagID(bytes: $0) }), !t.isEmpty else {
                throw DecodeError(.idTooLong, detail: "node name is empty or longer than 64 bytes")
            }
            tag = t
        }
        var r = Reading(time: context.receivedAt, receivedAt: context.receivedAt, kind: .sensor, tag: tag, gateway: gateway)
        r.flags = .receiveTime
        r.zone = context.topicZone
        output.appendSensor(r, metric: metric, value: value, unit: SensorUnits.unit(for: metric))
    }
}
