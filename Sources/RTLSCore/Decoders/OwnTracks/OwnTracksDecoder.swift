// OwnTracks phone/tracker apps over MQTT (`owntracks`).
//
// Sources checked (search tool, "docs"): the OwnTracks booklet, owntracks.org/booklet/tech/json (topics
// `owntracks/<user>/<device>` for `_type: location`, `…/event` for `_type: transition`; location fields
// `lat`, `lon`, `tst` epoch seconds, `acc`, `alt`, `vel`, `cog`, `batt`, `bs`, `tid`, `inregions`) and
// owntracks.org/booklet/features/waypoints (transition `event` enter/leave, `desc`, `rid`, `wtst`).

/// Decodes OwnTracks `location` and `transition` messages into GPS readings; the tag is `<user>/<device>`
/// from the topic. A location inside regions gets the first of `inregions` as zone; an `enter` transition
/// gets its `desc` (a region name longer than a zone id, 32 bytes, is dropped; the fix is kept). Other `_type`s (lwt, waypoint, card, status…) are recorded as `unsupportedEvent`.
public struct OwnTracksDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "owntracks"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let type: JSONKey = "_type"
        static let location: JSONKey = "location"
        static let transition: JSONKey = "transition"
        static let lat: JSONKey = "lat"
        static let lon: JSONKey = "lon"
        static let tst: JSONKey = "tst"
        static let acc: JSONKey = "acc"
        static let batt: JSONKey = "batt"
        static let inregions: JSONKey = "inregions"
        static let event: JSONKey = "event"
        static let enter: JSONKey = "enter"
        static let desc: JSONKey = "desc"
    }

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
                let r = try Self.reading(tape, item, deviceTag, context, &output)
                output.readings.append(r)
            }
        }
    }

    static func reading(
        _ tape: borrowing JSONTape, _ item: JSONValue, _ tag: TagID, _ context: DecodeContext,
        _ output: inout DecodeOutput
    )
        throws(DecodeError) -> Reading
    {
        guard let type = tape.presentField(Key.type, in: item) else { throw .missing("_type") }
        let isLocation = tape.stringEquals(type, Key.location)
        guard isLocation || tape.stringEquals(type, Key.transition) else {
            throw DecodeError(.unsupportedEvent, field: "_type", detail: "is not location or transition")
        }
        guard let device = try tape.timestamp(Key.tst, in: item) else { throw .missing("tst") }
        var flags = ReadingFlags()
        var r = Reading(
            time: context.checkedTime(device, flags: &flags), receivedAt: context.receivedAt, kind: .gps, tag: tag,
            gateway: context.topicGateway)
        r.flags = flags
        if isLocation && (tape.presentField(Key.lat, in: item) == nil || tape.presentField(Key.lon, in: item) == nil) {
            throw .missing(tape.presentField(Key.lat, in: item) == nil ? "lat" : "lon")
        }
        r.lat = output.field(tape, Key.lat, in: item, FieldPolicy.latitude)
        r.lon = output.field(tape, Key.lon, in: item, FieldPolicy.longitude)
        if r.lat == nil || r.lon == nil { (r.lat, r.lon) = (nil, nil) }  // a position is both or neither
        if let v = output.field(tape, Key.acc, in: item, FieldPolicy.accuracy) { r.accuracy = Float(v) }
        // -1 is the app's own "battery level unknown": NULL without comment.
        if let v = output.field(tape, Key.batt, in: item, -1...FieldPolicy.battery.upperBound), v != -1 {
            r.battery = output.kept(v, FieldPolicy.battery, field: "batt").map(Float.init)
        }
        r.zone = context.topicZone
        if isLocation, let regions = tape.presentField(Key.inregions, in: item),
            let first = tape.elements(of: regions).first(where: { _ in true })
        {
            r.zone = (try? tape.string(first)) ?? r.zone
        } else if !isLocation, let event = tape.presentField(Key.event, in: item), tape.stringEquals(event, Key.enter) {
            r.zone = (try? tape.string(Key.desc, in: item)) ?? r.zone
        }
        return r
    }
}
