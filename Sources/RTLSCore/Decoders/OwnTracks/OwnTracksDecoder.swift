// OwnTracks phone/tracker apps over MQTT (`owntracks`).
//
// Sources checked (fetch owntracks/booklet, docs/tech/json.md and docs/features/waypoints.md): topics
// `owntracks/<user>/<device>` for `_type: location`, `…/event` for `_type: transition`. Location fields:
// `lat`, `lon` (degrees), `tst` (epoch s), `acc` (m), `alt` (m above sea level), `batt` (%), `bs` (battery
// status 0 unknown, 1 unplugged, 2 charging, 3 full), `cog` (course over ground, degrees), `rad` (region
// radius, m), `vac` (vertical accuracy of `alt`, m), `vel` (km/h), `p` (barometric pressure, kPa), `inregions`,
// and for Queclink trackers (via qtripp) `odometer` (km), `hmc` (s of operation), `ubatt`/`uext`/`aiv` (V),
// `don`/`doff` (s), `rpm`, `fcon` (L/100 km), `flvl` (%). Transition: `event` enter/leave, `desc`, `rid`, `wtst`.

/// Decodes OwnTracks `location` and `transition` messages into GPS readings; the tag is `<user>/<device>`
/// from the topic. `acc` and `batt` are columns; every other documented number (altitude, velocity, course,
/// vertical accuracy, pressure …, see ``OwnTracksDecoder/metrics``) is a metric row tied to the fix.
/// A location inside regions gets the first of `inregions` as zone; an `enter` transition gets its `desc`
/// (a region name longer than a zone id, 32 bytes, is recorded in `nulled` as `idTooLong` and the fix is
/// kept). Other `_type`s (lwt, waypoint, card, status…) are recorded as `unsupportedEvent`.
public struct OwnTracksDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "owntracks"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let type = JSONKey("_type", slot: 0)
        static let lat = JSONKey("lat", slot: 1)
        static let lon = JSONKey("lon", slot: 2)
        static let tst = JSONKey("tst", slot: 3)
        static let acc = JSONKey("acc", slot: 4)
        static let batt = JSONKey("batt", slot: 5)
        static let inregions = JSONKey("inregions", slot: 6)
        static let event = JSONKey("event", slot: 7)
        static let desc = JSONKey("desc", slot: 8)
        static let location: JSONKey = "location"
        static let transition: JSONKey = "transition"
        static let enter: JSONKey = "enter"
        /// Slots 0…8 above, then one per ``OwnTracksDecoder/metrics`` entry.
        static let all = JSONKeySet(
            [type, lat, lon, tst, acc, batt, inregions, event, desc] + OwnTracksDecoder.metrics.map(\.key))
    }

    /// A documented numeric element stored as a metric row, as sent: its key, metric name, the unit the
    /// booklet gives, and the values it can physically take.
    struct Metric: Sendable {
        let key: JSONKey
        let metric: MetricName
        let unit: UnitName
        let range: ClosedRange<Double>
    }

    private static let nonNegative: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude

    /// Every numeric element the booklet documents besides `lat`, `lon`, `tst`, `acc`, `batt`.
    static let metrics: [Metric] = {
        let first = 9
        let table: [(String, MetricName, UnitName, ClosedRange<Double>)] = [
            ("alt", "altitude", "m", FieldPolicy.finite),
            ("vac", "vertical_accuracy", "m", FieldPolicy.accuracy),
            ("vel", "velocity", "km/h", nonNegative),
            ("cog", "course", "deg", 0...360),
            // kPa as sent; a name of its own, since `pressure` is hPa for Zigbee2MQTT and Tasmota
            ("p", "barometric_pressure", "kPa", nonNegative),
            ("rad", "region_radius", "m", nonNegative),
            ("bs", "battery_status", "", 0...3),
            ("odometer", "odometer", "km", nonNegative),
            ("hmc", "operating_time", "s", nonNegative),
            ("ubatt", "battery_voltage", "V", FieldPolicy.voltage),
            ("uext", "external_voltage", "V", FieldPolicy.voltage),
            ("aiv", "analog_voltage", "V", FieldPolicy.finite),
            ("don", "ignition_on_time", "s", nonNegative),
            ("doff", "ignition_off_time", "s", nonNegative),
            ("rpm", "engine_rpm", "rpm", nonNegative),
            ("fcon", "fuel_consumption", "L/100km", nonNegative),
            ("flvl", "fuel_level", "%", FieldPolicy.battery),
        ]
        return table.enumerated().map { i, m in
            Metric(key: JSONKey(m.0, slot: first + i), metric: m.1, unit: m.2, range: m.3)
        }
    }()

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        let segments = TopicSegments(topic: topic)
        var tag = context.topicTag
        if tag.isEmpty {
            guard let user = segments.segment(1), let device = segments.segment(2), tag.append(contentsOf: user),
                tag.append(UInt8(ascii: "/")), tag.append(contentsOf: device)
            else { throw DecodeError(.idTooLong, detail: "topic has no owntracks/<user>/<device> that fits a tag id") }
        }
        let deviceTag = tag
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            try BatchWalker.each(tape, into: &output) { (tape, item, output) throws(DecodeError) in
                try Self.message(tape, item, deviceTag, context, &output)
            }
        }
    }

    /// Appends one location or transition: the GPS reading, then a metric row per documented number.
    ///
    /// - Throws: `unsupportedEvent` for other `_type`s, `missingField` without `_type`, `tst` or (for a
    ///   location) `lat`/`lon`, `badTimestamp` for an unusable `tst`.
    static func message(
        _ tape: borrowing JSONTape, _ item: JSONValue, _ tag: TagID, _ context: DecodeContext,
        _ output: inout DecodeOutput
    ) throws(DecodeError) {
        let fields = JSONFields(tape, item, Key.all)
        guard let type = fields.present(Key.type) else { throw .missing("_type") }
        let isLocation = tape.stringEquals(type, Key.location)
        guard isLocation || tape.stringEquals(type, Key.transition) else {
            throw DecodeError(.unsupportedEvent, field: "_type", detail: "is not location or transition")
        }
        guard let device = try tape.timestamp(Key.tst, in: fields) else { throw .missing("tst") }
        var flags = ReadingFlags()
        var r = Reading(
            time: context.checkedTime(device, flags: &flags), receivedAt: context.receivedAt, kind: .gps, tag: tag,
            gateway: context.topicGateway)
        r.flags = flags
        if isLocation && (fields.present(Key.lat) == nil || fields.present(Key.lon) == nil) {
            throw .missing(fields.present(Key.lat) == nil ? "lat" : "lon")
        }
        r.lat = output.field(tape, Key.lat, in: fields, FieldPolicy.latitude)
        r.lon = output.field(tape, Key.lon, in: fields, FieldPolicy.longitude)
        if r.lat == nil || r.lon == nil { (r.lat, r.lon) = (nil, nil) }  // a position is both or neither
        if let v = output.field(tape, Key.acc, in: fields, FieldPolicy.accuracy) { r.accuracy = Float(v) }
        // -1 is the app's own "battery level unknown": NULL without comment.
        if let v = output.field(tape, Key.batt, in: fields, -1...FieldPolicy.battery.upperBound), v != -1 {
            r.battery = output.kept(v, FieldPolicy.battery, field: "batt").map(Float.init)
        }
        r.zone = context.topicZone
        if isLocation, let regions = fields.present(Key.inregions),
            let first = tape.elements(of: regions).first(where: { _ in true })
        {
            r.zone = Self.zone(tape, first, field: "inregions[0]", &output) ?? r.zone
        } else if !isLocation, let event = fields.present(Key.event), tape.stringEquals(event, Key.enter),
            let desc = fields.present(Key.desc)
        {
            r.zone = Self.zone(tape, desc, field: "desc", &output) ?? r.zone
        }
        output.readings.append(r)  // nothing below throws
        for m in Self.metrics {
            if let v = output.field(tape, m.key, in: fields, m.range) {
                output.appendSensor(r, metric: m.metric, value: v, unit: m.unit)
            }
        }
    }

    /// A region name as a zone id, or `nil` with the reason in `nulled` when it is not a string or too long.
    private static func zone(
        _ tape: borrowing JSONTape, _ value: JSONValue, field: String, _ output: inout DecodeOutput
    ) -> ZoneName? {
        do {
            return try tape.string(value) as ZoneName
        } catch {
            output.nulled.append(error.within(field))
            return nil
        }
    }
}
