// libFuzzer entry point: every registered decoder on every input.
//
// Built by scripts/fuzz.sh with `swiftc -parse-as-library -sanitize=fuzzer,address` together with
// RTLSCore's sources (one module, so internal API such as the JSON tape is reachable too). The input
// is `<topic>\n<payload>`; without a newline the whole input is the payload and each decoder gets a
// topic of its own shape. Besides "no crash, no ASan report", it checks invariants a decoder must keep.

/// Topics in the shapes each decoder expects, so topic-dependent paths are reached.
private let defaultTopics: [String: String] = [
    "rtls-json": "site1/rtls/gw-1", "zebra-fx": "zebra/fx9600/data", "impinj-r700": "impinj/r700/events",
    "minew-g1": "gw/status", "espresense": "espresense/devices/x/lab", "ruuvi-gw": "ruuvi/C8:25:2D:8E:9C:2C/CB:B8:33:4C:88:4F",
    "pozyx": "tags", "owntracks": "owntracks/jane/phone", "rtls-qr": "site1/qr/qr-1", "zigbee2mqtt": "zigbee2mqtt/fridge",
    "tasmota": "tele/fridge-3/SENSOR", "esphome": "node/sensor/temperature/state", "theengs": "home/gw/BTtoMQTT/AABBCCDDEEFF",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // SAFETY: libFuzzer guarantees `data` points to `size` readable bytes for the duration of the call;
    // they are copied into an array before anything else touches them.
    let input = unsafe Array(UnsafeBufferPointer(start: data, count: size))
    var topic: String?
    var payload = input
    if let newline = input.firstIndex(of: 0x0A), newline <= 256 {
        topic = String(decoding: input[..<newline], as: UTF8.self)
        payload = Array(input[(newline + 1)...])
    }
    let context = DecodeContext(
        receivedAt: Timestamp(microseconds: 1_795_435_200_000_000), topicGateway: "gw", gatewayUTCOffsetSeconds: 3600)
    var output = DecodeOutput()
    for decoder in DecoderRegistry.all {
        let id = type(of: decoder).id
        let t = topic ?? defaultTopics[id] ?? "x"
        output.reset()
        var first: DecodeError?
        do { try decoder.decode(topic: t, payload: payload, context: context, into: &output) } catch { first = error }
        let readings = output.readings
        // Invariants: the field validity policy (FieldPolicy) holds for every stored field, ids are
        // non-empty, sensor rows carry a finite value, identifier rows a scheme and a value, decoding is deterministic.
        for r in readings {
            check(!r.tag.isEmpty, "\(id): empty tag")
            if let v = r.value { check(v.isFinite, "\(id): non-finite value") }
            if r.isSensor { check(r.value != nil, "\(id): sensor row without a value") }
            if r.isIdentifier {
                check(!r.metric.isEmpty && !r.zone.isEmpty && r.value == nil, "\(id): identifier row without scheme or value")
            }
            if let v = r.rssi { check(FieldPolicy.rssi.contains(Double(v)), "\(id): rssi \(v) outside the policy") }
            if let v = r.battery { check(FieldPolicy.battery.contains(Double(v)), "\(id): battery \(v) outside 0…100") }
            if let v = r.accuracy { check(v >= 0 && v.isFinite, "\(id): accuracy \(v)") }
            if let v = r.antenna { check(FieldPolicy.antenna.contains(Int64(v)), "\(id): antenna \(v)") }
            for v in [r.x, r.y, r.z] { if let v { check(v.isFinite, "\(id): non-finite coordinate") } }
            if let v = r.lat { check(abs(v) <= 90, "\(id): lat out of range") }
            if let v = r.lon { check(abs(v) <= 180, "\(id): lon out of range") }
            check((r.lat == nil) == (r.lon == nil), "\(id): lat without lon")
            check(r.time.microseconds - context.receivedAt.microseconds <= context.maxClockSkewMicroseconds)
        }
        output.reset()
        var second: DecodeError?
        do { try decoder.decode(topic: t, payload: payload, context: context, into: &output) } catch { second = error }
        check(first == second && output.readings == readings, "\(id): decoding is not deterministic")
    }
    // The tape on its own, with a small depth limit, and every typed getter on every value.
    var tape = JSONTape(maxDepth: 8)
    if (try? tape.parse(payload)) != nil {
        for k in 0..<tape.tokens.count {
            let v = JSONValue(index: Int32(k))
            _ = try? tape.int(v)
            _ = try? tape.double(v)
            _ = try? tape.bool(v)
            _ = try? tape.text(v)
            _ = try? tape.string(v) as TagID
            _ = try? tape.timestamp(v, defaultUTCOffsetSeconds: 0)
            _ = Array(tape.elements(of: v))
            _ = Array(tape.members(of: v))
        }
    }
    return 0
}

/// Like `precondition`, but keeps the message in optimized builds so a crash names the decoder.
private func check(_ condition: Bool, _ message: @autoclosure () -> String = "invariant") {
    if !condition { fatalError(message()) }
}
