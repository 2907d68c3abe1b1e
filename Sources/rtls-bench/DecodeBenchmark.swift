import Foundation
import RTLSCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Decoder throughput on one core: rtlsd's tape decoders against two Foundation baselines measured in the
// same run: JSONDecoder alone decoding the payloads into Codable structs (less work than rtlsd: no timestamps,
// hex advertisements or Reading values; credited per message with the readings rtlsd makes of it), and "same output"
// (DecodeBaseline.swift): JSONDecoder plus the plain code that turns the structs into the same readings.
// Time is CPU time of this single-threaded loop, so the figures are per core even when other processes
// share the machine.

/// Runs every decode benchmark for about `seconds` in total and returns printable figures.
///
/// - Parameters:
///   - seconds: Total wall time to spend, split evenly between the cases and the two decoders.
///   - only: When set, only the payloads whose decoder id or name contains this text.
/// - Returns: One line per payload: readings/s for rtlsd, readings/s for JSONDecoder, and the ratio.
func runDecodeBenchmark(seconds: Double, only: String? = nil) -> String {
    let cases = DecodeBenchmarkCase.all.filter { c in
        guard let only else { return true }
        return c.decoderID.contains(only) || c.name.contains(only)
    }
    guard !cases.isEmpty else { return "no payload matches --only \(only ?? "")" }
    let slice = max(0.07, seconds / Double(cases.count * 3))
    var lines = [
        "decoder        payload                    bytes  rtlsd readings/s  JSONDecoder-only  ratio  same-output  ratio"
            + "  (readings per CPU-second, one thread)"
    ]
    for c in cases {
        // Warm both up first (lazy statics, caches, branch history), so the first row is not penalised.
        _ = c.measureRTLSD(seconds: min(0.02, slice / 4))
        _ = c.measureFoundation(seconds: min(0.02, slice / 4))
        let mismatch = c.sameOutputMismatch()
        _ = c.measureSameOutput(seconds: min(0.02, slice / 4))
        // Interleaved rounds, each figure and each ratio the median over the rounds: a neighbour's burst
        // (or the hypervisor taking the CPU) then slows one round of one side, not a whole figure.
        var rounds: [(ours: Double, foundation: Double, same: Double)] = []
        let turn = slice / Double(DecodeBenchmarkCase.rounds)
        for _ in 0..<DecodeBenchmarkCase.rounds {
            let ours = c.measureRTLSD(seconds: turn)
            let foundation = c.measureFoundation(seconds: turn)
            let same = mismatch == nil ? c.measureSameOutput(seconds: turn) : 0
            rounds.append((ours, foundation, same))
        }
        let ours = DecodeBenchmarkCase.median(rounds.map(\.ours))
        let foundation = DecodeBenchmarkCase.median(rounds.map(\.foundation))
        let same = DecodeBenchmarkCase.median(rounds.map(\.same))
        let ratio = foundation > 0 ? DecodeBenchmarkCase.median(rounds.map { $0.ours / $0.foundation }) : 0
        let sameRatio = same > 0 ? String(format: "%5.1fx", DecodeBenchmarkCase.median(rounds.map { $0.ours / $0.same })) : "    -"
        lines.append(
            "\(c.decoderID.padding(toLength: 14, withPad: " ", startingAt: 0)) "
                + "\(c.name.padding(toLength: 26, withPad: " ", startingAt: 0)) "
                + "\(String(c.payload.count).leftPadded(5))  \(BenchFormat.format(ours).leftPadded(16))  "
                + "\(BenchFormat.format(foundation).leftPadded(16))  \(String(format: "%5.1f", ratio))x  "
                + "\(BenchFormat.format(same).leftPadded(11))  \(sameRatio)"
                + (mismatch.map { "  same-output baseline differs: \($0)" } ?? ""))
    }
    return lines.joined(separator: "\n")
}

private enum BenchFormat {
    static func format(_ v: Double) -> String { String(format: "%.0f", v) }
}

extension DecodeBenchmarkCase {
    /// Rounds per payload: rtlsd and the two baselines take turns this many times.
    fileprivate static let rounds = 7

    fileprivate static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        self.count >= width ? self : String(repeating: " ", count: width - self.count) + self
    }
}

/// One payload, the decoder that reads it, and a JSONDecoder equivalent.
struct DecodeBenchmarkCase: Sendable {
    let decoderID: String
    let name: String
    let topic: String
    let payload: [UInt8]
    /// Decodes the payload with JSONDecoder and returns how many readings it represents.
    let foundation: @Sendable (JSONDecoder, Data) throws -> Int

    func measureRTLSD(seconds: Double) -> Double {
        guard let decoder = DecoderRegistry.decoder(id: self.decoderID) else { return 0 }
        let context = DecodeContext(receivedAt: Timestamp(microseconds: 1_795_435_200_000_000))
        var output = DecodeOutput()
        var readings = 0
        let start = Self.cpuSeconds()
        var elapsed = 0.0
        while elapsed < seconds {
            for _ in 0..<256 {
                output.reset()
                try? decoder.decode(topic: self.topic, payload: self.payload, context: context, into: &output)
                readings &+= output.readings.count
            }
            elapsed = Self.cpuSeconds() - start
        }
        return Double(readings) / elapsed
    }

    /// Readings per CPU-second of the JSON-only baseline, credited per message with the readings rtlsd's
    /// decoder makes of the payload (``rtlsdReadings``; the Codable structs stand for them).
    func measureFoundation(seconds: Double) -> Double {
        let decoder = JSONDecoder()
        let data = Data(self.payload)
        let credit = self.rtlsdReadings()
        var readings = 0
        let start = Self.cpuSeconds()
        var elapsed = 0.0
        while elapsed < seconds {
            for _ in 0..<64 where (try? self.foundation(decoder, data)) != nil { readings &+= credit }
            elapsed = Self.cpuSeconds() - start
        }
        return Double(readings) / elapsed
    }

    /// The readings rtlsd's decoder makes of the payload.
    func rtlsdReadings() -> Int {
        guard let decoder = DecoderRegistry.decoder(id: self.decoderID) else { return 0 }
        var output = DecodeOutput()
        try? decoder.decode(topic: self.topic, payload: self.payload, context: DecodeContext(receivedAt: Baseline.receivedAt), into: &output)
        return output.readings.count
    }

    /// Readings per CPU-second of the same-output baseline (``Baseline/byCase``), 0 when there is none.
    func measureSameOutput(seconds: Double) -> Double {
        guard let baseline = Baseline.byCase[self.name] else { return 0 }
        let decoder = JSONDecoder()
        let tools = BaselineTools()
        let data = Data(self.payload)
        var out: [Reading] = []
        var readings = 0
        let start = Self.cpuSeconds()
        var elapsed = 0.0
        while elapsed < seconds {
            for _ in 0..<64 {
                out.removeAll(keepingCapacity: true)
                try? baseline(decoder, data, self.topic, tools, &out)
                readings &+= out.count
            }
            elapsed = Self.cpuSeconds() - start
        }
        return Double(readings) / elapsed
    }

    /// Why the same-output baseline does not stand for rtlsd's decode of this payload (another number of
    /// readings, other kinds, metric names, values or times, other tags, gateways, zones, flags or RSSI, an
    /// error), `nil` when it does.
    func sameOutputMismatch() -> String? {
        guard let baseline = Baseline.byCase[self.name] else { return "no baseline" }
        guard let decoder = DecoderRegistry.decoder(id: self.decoderID) else { return "no decoder" }
        var output = DecodeOutput()
        try? decoder.decode(topic: self.topic, payload: self.payload, context: DecodeContext(receivedAt: Baseline.receivedAt), into: &output)
        var out: [Reading] = []
        do { try baseline(JSONDecoder(), Data(self.payload), self.topic, BaselineTools(), &out) } catch { return "baseline threw" }
        guard out.count == output.readings.count else { return "\(out.count) readings, rtlsd \(output.readings.count)" }
        func sorted(_ r: [Reading]) -> [Reading] { r.sorted { ($0.metric.string, $0.tag.string) < ($1.metric.string, $1.tag.string) } }
        for (a, b) in zip(sorted(out), sorted(output.readings)) where a.metric != b.metric || a.kind != b.kind || a.isIdentifier != b.isIdentifier
            || a.value.map({ Float($0) }) != b.value.map({ Float($0) }) || a.time != b.time
        {
            return "\(a.kind) \(a.metric) \(a.value ?? .nan) \(a.time.microseconds) vs rtlsd \(b.kind) \(b.metric) \(b.value ?? .nan) \(b.time.microseconds)"
        }
        for (a, b) in zip(sorted(out), sorted(output.readings))
        where a.tag != b.tag || a.gateway != b.gateway || a.zone != b.zone || a.flags != b.flags || a.rssi != b.rssi {
            return "tag \(a.tag) gateway \(a.gateway) zone \(a.zone) vs rtlsd \(b.tag) \(b.gateway) \(b.zone)"
        }
        return nil
    }

    /// CPU time consumed by the process, in seconds (`clock()`, whose unit POSIX fixes at 1/1,000,000 s);
    /// the benchmark runs on one thread, so this is that thread's time.
    static func cpuSeconds() -> Double { Double(clock()) / 1_000_000 }
}

// MARK: - Payloads (shapes as in the fixtures) and their Codable mirrors

extension DecodeBenchmarkCase {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func zebraEvent(_ i: Int) -> String {
        #"{"data":{"eventNum":\#(3881 + i),"format":"epc","idHex":"e280689400005018f6b0a8\#(String(format: "%02x", i))","#
            + #""antenna":\#(i % 4 + 1),"peakRssi":-\#(50 + i % 20),"reads":1},"#
            + #""timestamp":"2026-11-23T11:59:51.521-0000","type":"SIMPLE"}"#
    }

    static func impinjEvent(_ i: Int) -> String {
        #"{"timestamp":"2026-11-23T11:59:39.574794768Z","hostname":"impinj-14-46-36","eventType":"tagInventory","#
            + #""tagInventoryEvent":{"epc":"4oARYGAAAgVODzoh","epcHex":"E2801160600002054E0F3A\#(String(format: "%02X", i))","#
            + #""tidHex":"E2801160200074CF085909AD","antennaPort":\#(i % 4 + 1),"antennaName":"1","peakRssiCdbm":-\#(5350 + i),"#
            + #""frequency":917250,"transmitPowerCdbm":3000,"lastSeenTime":"2026-11-23T11:59:39.512372Z"}}"#
    }

    static func minewItem(_ i: Int) -> String {
        #"{"timestamp":"2026-11-23T11:59:51.134Z","type":"Unknown","mac":"AC233F2A1B\#(String(format: "%02X", i))","#
            + #""bleName":"","rssi":-\#(50 + i % 30),"#
            + #""rawData":"0201061AFF4C000215FDA50693A4E24FB1AFCFC6EB07647825271\#(i % 10)4CB9C5"}"#
    }

    static let all: [DecodeBenchmarkCase] = [
        DecodeBenchmarkCase(
            decoderID: "zebra-fx", name: "single SIMPLE event", topic: "zebra/fx9600/data",
            payload: bytes(zebraEvent(0)), foundation: { d, data in try d.decode(ZebraEvent.self, from: data).rows }),
        DecodeBenchmarkCase(
            decoderID: "zebra-fx", name: "batch of 50 events", topic: "zebra/fx9600/data",
            payload: bytes("[" + (0..<50).map(zebraEvent).joined(separator: ",") + "]"),
            foundation: { d, data in try d.decode([ZebraEvent].self, from: data).reduce(0) { $0 + $1.rows } }),
        DecodeBenchmarkCase(
            decoderID: "impinj-r700", name: "single tagInventory", topic: "impinj/r700/events",
            payload: bytes(impinjEvent(0)),
            foundation: { d, data in try d.decode(ImpinjEvent.self, from: data).rows }),
        DecodeBenchmarkCase(
            decoderID: "impinj-r700", name: "batch of 50 tagInventory", topic: "impinj/r700/events",
            payload: bytes("[" + (0..<50).map(impinjEvent).joined(separator: ",") + "]"),
            foundation: { d, data in try d.decode([ImpinjEvent].self, from: data).reduce(0) { $0 + $1.rows } }),
        DecodeBenchmarkCase(
            decoderID: "minew-g1", name: "heartbeat + 40 iBeacon raw", topic: "gw/status",
            payload: bytes(
                #"[{"timestamp":"2026-11-23T11:59:51.473Z","type":"Gateway","mac":"AC233FC0A1B2","gatewayFree":94},"#
                    + (0..<40).map(minewItem).joined(separator: ",") + "]"),
            foundation: { d, data in try d.decode([MinewItem].self, from: data).count - 1 }),
        DecodeBenchmarkCase(
            decoderID: "espresense", name: "single device", topic: "espresense/devices/iBeacon:x/ward-3",
            payload: bytes(
                #"{"id":"iBeacon:e5ca1ade-f007-ba11-0000-000000000000-100-40122","idType":15,"rssi@1m":-65,"#
                    + #""rssi":-72,"raw":2.3,"distance":2.1,"speed":0.01,"mac":"e5ca1adef007","interval":1015}"#),
            foundation: { d, data in _ = try d.decode(ESPresenseDevice.self, from: data); return 1 }),
        DecodeBenchmarkCase(
            decoderID: "ruuvi-gw", name: "RAWv2 (1 BLE + 10 sensor)", topic: "ruuvi/C8:25:2D:8E:9C:2C/CB:B8:33:4C:88:4F",
            payload: bytes(
                #"{"gw_mac":"C8:25:2D:8E:9C:2C","rssi":-62,"aoa":[],"gwts":"1795435190","ts":"1795435190","#
                    + #""data":"0201061BFF99040512FC5394C37C0004FFFC040CAC364200CDCBB8334C884F","coords":""}"#),
            foundation: { d, data in _ = try d.decode(RuuviMessage.self, from: data); return 11 }),
        DecodeBenchmarkCase(
            decoderID: "rtls-json", name: "batch of 50 BLE readings", topic: "site1/rtls/gw-7",
            payload: bytes(
                "["
                    + (0..<50).map { i in
                        #"{"ts":"2026-11-23T11:59:58.250Z","tag":"ac233fa0b1\#(String(format: "%02x", i))","#
                            + #""gw":"gw-7","rssi":-\#(60 + i % 30).5,"battery":87}"#
                    }.joined(separator: ",") + "]"),
            foundation: { d, data in try d.decode([RTLSJSONItem].self, from: data).count }),
    ] + DecodeBenchmarkCase.ble
}

extension ZebraEvent {
    /// Rows rtlsd stores for the event: the read, plus a `read_count` metric when `reads` is present.
    var rows: Int { self.data.reads == nil ? 1 : 2 }
}

extension ImpinjEvent {
    /// Rows rtlsd stores for the event: the read, one metric per radio detail present, and the TID.
    var rows: Int {
        guard let e = self.tagInventoryEvent else { return 0 }
        return 1 + (e.frequency == nil ? 0 : 1) + (e.transmitPowerCdbm == nil ? 0 : 1) + (e.phaseAngle == nil ? 0 : 1)
            + (e.tidHex == nil ? 0 : 1)
    }
}

/// The ESPresense fields the JSON-only baseline decodes (fewer than the same-output baseline's).
private struct ESPresenseDevice: Decodable {
    let id: String
    let rssi: Double
    let distance: Double?
}
