import Foundation
import RTLSCore
import RTLSDaemon
import Testing

@testable import rtls_sim

/// Decodes simulator traffic the way rtlsd does: the plan's generated `[[decoder]]` routes, parsed by
/// `DaemonConfig.parse`, pick the first matching decoder by topic (as `IngestPipeline` does), and the
/// decoder comes from `DecoderRegistry`.
struct SimDecoding {
    struct Decoded {
        var decoderID: String
        var output: DecodeOutput
    }

    struct NoRoute: Error, CustomStringConvertible {
        var topic: String
        var description: String { "no generated [[decoder]] route matches topic \(self.topic)" }
    }

    let routes: [DaemonConfig.DecoderRoute]

    init(plan: TrafficPlan) throws {
        self.routes = try Self.config(routes: plan.decoderRoutes()).decoders
    }

    /// A minimal rtlsd config holding `routes`, parsed by rtlsd's own loader.
    static func config(routes: String) throws -> DaemonConfig {
        let text = "[mqtt]\nhost = \"127.0.0.1\"\n\n" + routes + "\n[database]\nconninfo = \"host=db dbname=rtls\"\n"
        return try DaemonConfig.parse(text: text, file: "/tmp/rtlsd.toml")
    }

    /// Decodes one message received at `receivedMs`.
    func decode(topic: String, payload: [UInt8], receivedMs: Int64) throws -> Decoded {
        for route in self.routes {
            var context = DecodeContext(receivedAt: Timestamp(milliseconds: receivedMs))
            guard route.pattern.match(topic, capturing: &context) else { continue }
            guard let decoder = DecoderRegistry.decoder(id: route.decoderID) else { throw NoRoute(topic: topic) }
            var output = DecodeOutput()
            try decoder.decode(topic: topic, payload: payload, context: context, into: &output)
            return Decoded(decoderID: route.decoderID, output: output)
        }
        throw NoRoute(topic: topic)
    }

    /// Decodes one message whose payload is text.
    func decode(topic: String, text: String, receivedMs: Int64) throws -> Decoded {
        try self.decode(topic: topic, payload: Array(text.utf8), receivedMs: receivedMs)
    }
}

/// A generator's messages, captured instead of published.
struct CapturedTraffic {
    var messages: [(topic: String, payload: [UInt8], receivedMs: Int64)] = []
    var produced = 0

    /// Runs `generator` for `steps` steps of `stepMs` wall milliseconds at `speed`, asking `perStep` readings each
    /// step, then flushes.
    static func run(
        _ generator: inout ReadingGenerator, steps: Int, stepMs: Int64, perStep: Int, startMs: Int64 = 1_795_435_200_000
    ) -> CapturedTraffic {
        var traffic = CapturedTraffic()
        generator.recordStart(nowMs: startMs)
        for step in 0..<steps {
            let nowMs = startMs + Int64(step) * stepMs
            let sim = Double(Int64(step) * stepMs) / 1000 * generator.speed
            traffic.produced += generator.produce(count: perStep, nowMs: nowMs, simSeconds: sim) { topic, payload in
                traffic.messages.append((topic, payload, nowMs))
            }
        }
        let endMs = startMs + Int64(steps) * stepMs
        generator.flush { topic, payload in traffic.messages.append((topic, payload, endMs)) }
        return traffic
    }
}

/// A small facility and the generator over it, as `rtls-sim run` builds them.
enum SimFixture {
    static func facility(_ plan: TrafficPlan, tags: Int = 40, gpsTrackers: Int = 4, seed: UInt64 = 42) -> Facility {
        var f = Facility(
            buildings: 1, floors: 2, roomsPerFloor: 6, tags: tags, fridges: 2, gpsTrackers: gpsTrackers, seed: seed)
        f.applyNaming(plan)
        return f
    }

    static func generator(_ plan: TrafficPlan, seed: UInt64 = 42, truth: Bool = false) -> ReadingGenerator {
        ReadingGenerator(
            facility: Self.facility(plan, seed: seed), plan: plan, seed: seed, speed: 60, maxPerMessage: 10,
            truth: truth)
    }

    /// Every plan `rtls-sim run` can publish.
    static let plans: [TrafficPlan] = [
        TrafficPlan(format: .vendor, ble: .espresense), TrafficPlan(format: .vendor, ble: .minew),
        TrafficPlan(format: .vendor, ble: .theengs), TrafficPlan(format: .vendor, ble: .rtlsJSON),
        TrafficPlan(format: .rtlsJSON, ble: .espresense),
    ]
}

extension TrafficPlan: CustomTestStringConvertible {
    var testDescription: String {
        "ble=\(self.ble.rawValue) zebra=\(self.zebraPortals) zigbee=\(self.zigbeeFridges) "
            + "owntracks=\(self.owntracksGPS)"
    }
}
