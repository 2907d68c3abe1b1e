import Foundation
import RTLSCore
import RTLSDaemon
import Testing

@testable import rtls_sim

/// The GPS trackers' fixes, run through rtlsd's decoder and rule engine built from the generated site and
/// rules, land in the zones the ground truth records and raise the alerts it expects.
@Suite struct ReadingGeneratorGPSTests {
    struct TruthLines {
        var zones: [String: [String]] = [:]
        var alerts: [String: Int] = [:]

        init(_ lines: [String], tags: Set<String>) throws {
            for line in lines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                guard let tag = object["tag"] as? String, tags.contains(tag) else { continue }
                if let rule = object["expect_alert"] as? String {
                    #expect(rule == SimRules.wheelchairInCarPark)
                    self.alerts[tag, default: 0] += 1
                } else {
                    self.zones[tag, default: []].append(object["zone"] as? String ?? "")
                }
            }
        }
    }

    @Test(arguments: [TrafficPlan(format: .vendor, ble: .espresense), TrafficPlan(format: .rtlsJSON, ble: .espresense)])
    func fixesResolveToTheTruthZonesAndAlerts(plan: TrafficPlan) throws {
        var generator = SimFixture.generator(plan, truth: true)
        // Six simulated hours, GPS only (no indoor readings asked for).
        let startMs: Int64 = 1_795_435_200_000
        let traffic = CapturedTraffic.run(&generator, steps: 3600, stepMs: 100, perStep: 0, startMs: startMs)
        let tags = Set(generator.facility.gpsTrackers.map(\.tag))
        let truth = try TruthLines(generator.truth?.take() ?? [], tags: tags)

        let site = try SiteConfig.parse(text: SiteFileWriter.site(generator.facility, plan: plan))
        let rules = try RulesConfig.parse(text: SiteFileWriter.rules(generator.facility))
        var engine = try rules.makeEngine(site: site, now: Timestamp(milliseconds: startMs))
        let decoding = try SimDecoding(plan: plan)
        var output = EngineOutput()
        var entered: [String: [String]] = [:]
        var fired: [String: Int] = [:]
        var methods: Set<String> = []
        for m in traffic.messages {
            let d = try decoding.decode(topic: m.topic, payload: m.payload, receivedMs: m.receivedMs)
            for r in d.output.readings where !r.isSensor {  // metric rows (velocity …) ride along with each fix
                #expect(r.kind == .gps)
                engine.process(r, into: &output)
            }
            for e in output.zoneEvents where e.transition == .enter {
                entered[e.tag.string, default: []].append(e.zone.string)
                methods.insert("\(e.method)")
            }
            for a in output.alerts where a.state == .fired {
                #expect(a.ruleID.string == SimRules.wheelchairInCarPark)
                fired[a.tag.string, default: 0] += 1
            }
            output.removeAll()
        }
        #expect(entered == truth.zones)
        #expect(fired == truth.alerts)
        // The run exercised both paths: stops named by the tracker, the campus found by rtlsd's geofence.
        let visited = Set(truth.zones.values.joined())
        #expect(visited == Set(GPSCampus.areas.map(\.name)))
        #expect(methods == ["reported", "gps"])
        #expect(fired.values.reduce(0, +) > 0)
    }
}
