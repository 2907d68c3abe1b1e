import ArgumentParser
import Foundation
import RTLSCore
import RTLSDaemon
import Testing

@testable import rtls_sim

/// The physical mode: neighbouring gateways overhear tags, every tag advertises on its own clock, tags
/// walk between rooms, and rtlsd's own decoders and rule engine, fed the traffic, follow the physical
/// rooms well enough for the scorer to measure (sanity bounds, not the accuracy targets).
@Suite struct ReadingGeneratorPhysicsTests {
    static let startMs: Int64 = 1_795_435_200_000

    static func generator(_ plan: TrafficPlan, tags: Int = 8, arguments: [String] = []) throws -> ReadingGenerator {
        var f = Facility(buildings: 1, floors: 1, roomsPerFloor: 6, tags: tags, fridges: 1, gpsTrackers: 0, seed: 42)
        f.applyNaming(plan)
        var g = ReadingGenerator(facility: f, plan: plan, seed: 42, speed: 1, maxPerMessage: 10, truth: true)
        g.enablePhysics(try PhysicsOptions.parse(["--physics", "--dwell-s", "60"] + arguments))
        return g
    }

    /// Runs `seconds` of simulated time in 100 ms steps (flushing batches each step).
    static func run(_ g: inout ReadingGenerator, seconds: Int) -> CapturedTraffic {
        var traffic = CapturedTraffic()
        g.truth?.run("start", ms: Self.startMs)
        g.recordStart(nowMs: Self.startMs)
        for step in 0..<(seconds * 10) {
            let nowMs = Self.startMs + Int64(step) * 100
            traffic.produced += g.advertise(nowMs: nowMs, simSeconds: Double(step) / 10) { topic, payload in
                traffic.messages.append((topic, payload, nowMs))
            }
            g.flush { topic, payload in traffic.messages.append((topic, payload, nowMs)) }
        }
        g.truth?.run("end", ms: Self.startMs + Int64(seconds) * 1000)
        return traffic
    }

    static let blePlans = [
        TrafficPlan(format: .vendor, ble: .minew), TrafficPlan(format: .vendor, ble: .theengs),
        TrafficPlan(format: .vendor, ble: .espresense), TrafficPlan(format: .rtlsJSON, ble: .rtlsJSON),
    ]

    @Test(arguments: Self.blePlans)
    func neighbouringGatewaysOverhearEveryTagFairly(plan: TrafficPlan) throws {
        var g = try Self.generator(plan)
        let traffic = Self.run(&g, seconds: 60)
        let decoding = try SimDecoding(plan: plan)
        var gateways: [String: Set<String>] = [:]
        var sightings: [String: Int] = [:]
        for m in traffic.messages {
            let d = try decoding.decode(topic: m.topic, payload: m.payload, receivedMs: m.receivedMs)
            #expect(d.output.rejected.isEmpty)
            for r in d.output.readings where r.kind == .ble {
                gateways[r.tag.string, default: []].insert(r.gateway.string)
                sightings[r.tag.string, default: 0] += 1
            }
        }
        for a in g.facility.assets {
            // One advertisement a second, heard by the tag's own gateway and at least one neighbour's.
            #expect((gateways[a.tag]?.count ?? 0) >= 2, "\(a.tag): \(gateways[a.tag] ?? [])")
            #expect((sightings[a.tag] ?? 0) >= 60, "\(a.tag): \(sightings[a.tag] ?? 0) sightings")
        }
    }

    @Test(arguments: [TrafficPlan(format: .vendor, ble: .minew), TrafficPlan(format: .vendor, ble: .theengs)])
    func rtlsdsEngineFollowsThePhysicalRooms(plan: TrafficPlan) throws {
        var g = try Self.generator(plan)
        let traffic = Self.run(&g, seconds: 600)
        let truth = try TruthLog(text: (g.truth?.take() ?? []).joined(separator: "\n"))
        let site = try SiteConfig.parse(text: SiteFileWriter.site(g.facility, plan: plan))
        let rules = try RulesConfig.parse(text: SiteFileWriter.rules(g.facility))
        var engine = try rules.makeEngine(site: site, now: Timestamp(milliseconds: Self.startMs))
        let decoding = try SimDecoding(plan: plan)
        var output = EngineOutput()
        var observed: [String: [TruthLog.Position]] = [:]
        for m in traffic.messages {
            let d = try decoding.decode(topic: m.topic, payload: m.payload, receivedMs: m.receivedMs)
            for r in d.output.readings { engine.process(r, into: &output) }
            for e in output.zoneEvents where e.transition == .enter {
                observed[e.tag.string.uppercased(), default: []].append(
                    TruthLog.Position(t: e.time.microseconds / 1000, zone: e.zone.string.uppercased()))
            }
            output.removeAll()
        }
        let score = RoomScore(truth: truth.ble, observed: observed, end: truth.end ?? 0)
        #expect(score.tags == 8)
        #expect(score.moves >= 20, "\(score)")
        #expect((score.accuracy ?? 0) > 0.8, "\(score)")
        #expect(score.latenciesMs.count > score.moves / 2, "\(score)")
    }

    @Test func underFlutterTagsStandStill() throws {
        var g = try Self.generator(TrafficPlan(format: .vendor, ble: .minew), arguments: ["--flutter-db", "3"])
        _ = Self.run(&g, seconds: 300)
        let truth = try TruthLog(text: (g.truth?.take() ?? []).joined(separator: "\n"))
        #expect(truth.ble.count == 8)
        #expect(truth.ble.values.allSatisfy { $0.count == 1 })
        #expect(g.moves == 0)
    }
}
