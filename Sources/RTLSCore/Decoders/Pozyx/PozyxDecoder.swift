// Pozyx Enterprise / Creator UWB positioning over MQTT (`pozyx`).
//
// Sources checked (search tool, "docs"/"pages"): Pozyx documentation (docs.pozyx.io: the MQTT `tags` topic
// carries an array of tag positions `{"version","tagId","timestamp","success","data":{"coordinates":{"x",
// "y","z"}, "tagData", "anchorData", "acceleration", "orientation", "metrics"}}` with coordinates in
// millimetres and `timestamp` in epoch seconds with a fraction; the triggers data structure page confirms
// coordinates in mm and epoch timestamps). `success: false` means no position could be computed.

/// Decodes Pozyx `tags` messages into UWB readings with x/y/z in metres; positions with
/// `success: false` are rejected as `unsupportedEvent` (counted, not stored).
public struct PozyxDecoder: BatchItemDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "pozyx"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let tagId: JSONKey = "tagId"
        static let timestamp: JSONKey = "timestamp"
        static let success: JSONKey = "success"
        static let data: JSONKey = "data"
        static let coordinates: JSONKey = "coordinates"
        static let x: JSONKey = "x"
        static let y: JSONKey = "y"
        static let z: JSONKey = "z"
    }

    /// One item of the payload (``BatchItemDecoder``).
    static func item(
        _ tape: borrowing JSONTape, _ item: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError) {
        output.readings.append(try Self.reading(tape, item, context, &output))
    }

    static func reading(
        _ tape: borrowing JSONTape, _ item: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError) -> Reading {
        let tag: TagID
        guard let id = tape.presentField(Key.tagId, in: item) else { throw .missing("tagId") }
        if tape.kind(id) == .number {
            var t = TagID()
            let n = try Self.checked(tape.int(id), "tagId")
            guard n >= 0 else { throw DecodeError(.outOfRange, field: "tagId", detail: "is negative") }
            t.append(decimal: Int(n))
            tag = t
        } else {
            do throws(DecodeError) { tag = try tape.string(id) } catch { throw error.within("tagId") }
            // An empty id names no tag: never a reading stored under an empty identity.
            guard !tag.isEmpty else { throw DecodeError(.missingField, field: "tagId", detail: "is empty") }
        }
        if try tape.bool(Key.success, in: item) == false {
            throw DecodeError(.unsupportedEvent, field: "success", detail: "is false: no position was computed")
        }
        guard let device = try tape.timestamp(Key.timestamp, in: item) else { throw .missing("timestamp") }
        var flags = ReadingFlags()
        let time = context.checkedTime(device, flags: &flags)
        guard let data = tape.presentField(Key.data, in: item) else { throw .missing("data") }
        guard let coordinates = tape.presentField(Key.coordinates, in: data), tape.kind(coordinates) == .object else {
            throw DecodeError(.missingField, field: "data.coordinates", detail: "is required")
        }
        var r = Reading(time: time, receivedAt: context.receivedAt, kind: .uwb, tag: tag, gateway: context.topicGateway)
        r.flags = flags
        r.zone = context.topicZone
        let millimetres = FieldPolicy.coordinate.lowerBound * 1000...FieldPolicy.coordinate.upperBound * 1000
        do throws(DecodeError) {
            guard tape.presentField(Key.x, in: coordinates) != nil else { throw .missing("x") }
            guard tape.presentField(Key.y, in: coordinates) != nil else { throw .missing("y") }
            let x = output.field(tape, Key.x, in: coordinates, millimetres)
            let y = output.field(tape, Key.y, in: coordinates, millimetres)
            if let x, let y {  // a position is both or neither
                r.x = Float(x / 1000)
                r.y = Float(y / 1000)
            }
            if let z = output.field(tape, Key.z, in: coordinates, millimetres), r.x != nil { r.z = Float(z / 1000) }
        } catch {
            throw error.within("data.coordinates")
        }
        return r
    }

    private static func checked(_ value: @autoclosure () throws(DecodeError) -> Int64, _ field: String)
        throws(DecodeError) -> Int64
    {
        do throws(DecodeError) { return try value() } catch { throw error.within(field) }
    }
}
