import Foundation
import RTLSCore
import RTLSDaemon
import Testing

@testable import rtls_sim

/// Everything the generator publishes is routed by the generated `[[decoder]]` routes, decodes without a
/// rejected item, and names tags, gateways and zones that the generated site defines.
@Suite struct ReadingGeneratorTests {
    @Test(arguments: SimFixture.plans)
    func everyMessageDecodesToReadingsOfTheGeneratedSite(plan: TrafficPlan) throws {
        var generator = SimFixture.generator(plan)
        let traffic = CapturedTraffic.run(&generator, steps: 300, stepMs: 100, perStep: 40)
        let site = try SiteConfig.parse(text: SiteFileWriter.site(generator.facility, plan: plan)).site
        let decoding = try SimDecoding(plan: plan)
        var readings = 0
        var kinds: Set<String> = []
        for m in traffic.messages {
            let d = try decoding.decode(topic: m.topic, payload: m.payload, receivedMs: m.receivedMs)
            #expect(d.output.rejected.isEmpty, "\(m.topic): \(d.output.rejected)")
            for r in d.output.readings {
                kinds.insert(r.isSensor ? "sensor" : "\(r.kind)")
                #expect(!r.flags.contains(.clockSkewed))
                #expect(site.assetIndex(tag: r.tag) != nil, "tag \(r.tag) on \(m.topic) is not an asset in site.toml")
                if !r.gateway.isEmpty {
                    #expect(site.gatewayIndex(r.gateway) != nil, "gateway \(r.gateway) is not in site.toml")
                }
                if !r.zone.isEmpty { #expect(site.zoneIndex(r.zone) != nil, "zone \(r.zone) is not in site.toml") }
            }
            // A read's own quantities decode as extra metric rows (ESPresense distance and tx power, Zebra
            // read counts, OwnTracks velocity …): not readings the simulator produced.
            let derived = ["zebra-fx", "impinj-r700", "owntracks"].contains(d.decoderID)
            readings += d.output.readings.count {
                !Self.sightingMetrics.contains($0.metric.string) && !(derived && $0.isSensor)
            }
        }
        #expect(readings == traffic.produced)
        // 30 s at speed 60: rooms, fridges and GPS trackers all report; some tags cross a dock.
        #expect(kinds.isSuperset(of: ["ble", "sensor", "gps"]), "\(kinds)")
    }

    static let sightingMetrics: Set<String> = ["tx_power", "distance", "distance_raw", "speed", "advertising_interval"]

    @Test(arguments: SimFixture.plans)
    func theSameSeedPublishesTheSameTraffic(plan: TrafficPlan) {
        var a = SimFixture.generator(plan, seed: 7)
        var b = SimFixture.generator(plan, seed: 7)
        var c = SimFixture.generator(plan, seed: 8)
        let ta = CapturedTraffic.run(&a, steps: 100, stepMs: 100, perStep: 30)
        let tb = CapturedTraffic.run(&b, steps: 100, stepMs: 100, perStep: 30)
        let tc = CapturedTraffic.run(&c, steps: 100, stepMs: 100, perStep: 30)
        #expect(ta.messages.count > 0)
        // Compared as Bools: a failure should not print thousands of payloads.
        let sameTopics = ta.messages.map(\.topic) == tb.messages.map(\.topic)
        let samePayloads = ta.messages.map(\.payload) == tb.messages.map(\.payload)
        let otherSeedDiffers = ta.messages.map(\.payload) != tc.messages.map(\.payload)
        #expect(sameTopics)
        #expect(samePayloads)
        #expect(otherSeedDiffers)
        #expect(ta.produced == tb.produced)
    }

    @Test func aSilencedGatewayPublishesNothingUntilItComesBack() {
        let plan = TrafficPlan(format: .rtlsJSON, ble: .rtlsJSON)
        var generator = SimFixture.generator(plan)
        let gateway = generator.silenceRandomGateway(forSimSeconds: 600, now: 0)
        let topic = "rtls/\(gateway)/readings"
        var silent = 0
        var after = 0
        for step in 0..<400 {
            let sim = Double(step) * 3
            _ = generator.produce(count: 40, nowMs: 1_795_435_200_000 + Int64(step) * 50, simSeconds: sim) { t, _ in
                if t == topic { if sim < 600 { silent += 1 } else { after += 1 } }
            }
        }
        #expect(silent == 0)
        #expect(after > 0)
    }

    /// The demo's ward running short: ICU pumps infuse for the first two simulated hours of a run
    /// (whatever the time of day), so none is ready there and the ICU PAR level fires; the third
    /// hour frees them; storage never infuses.
    @Test func icuPumpsAreAllInUseForTheFirstTwoHoursOfARun() {
        #expect(ReadingGenerator.infusing(roomKind: "icu", simSeconds: 0))
        #expect(ReadingGenerator.infusing(roomKind: "icu", simSeconds: 7_000))
        #expect(!ReadingGenerator.infusing(roomKind: "icu", simSeconds: 7_300))
        #expect(ReadingGenerator.infusing(roomKind: "icu", simSeconds: 10_900))
        #expect(!ReadingGenerator.infusing(roomKind: "storage", simSeconds: 0))
    }
}
