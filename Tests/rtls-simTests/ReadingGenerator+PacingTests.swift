import Foundation
import RTLSCore
import RTLSDaemon
import Testing

@testable import rtls_sim

/// Every tag gets its fair share of readings, however finely the pacer slices the rate: a fridge reading
/// taken between two tags' turns must not use up the next tag's turn (it once starved every 50th tag,
/// which got 2–60 readings instead of ~857).
@Suite struct ReadingGeneratorPacingTests {
    @Test(arguments: [1, 3, 40])
    func everyTagGetsItsShareOfReadings(perCall: Int) throws {
        let plan = TrafficPlan(format: .rtlsJSON, ble: .rtlsJSON)
        var facility = Facility(
            buildings: 1, floors: 2, roomsPerFloor: 6, tags: 100, fridges: 2, gpsTrackers: 0, seed: 42)
        facility.applyNaming(plan)
        var generator = ReadingGenerator(
            facility: facility, plan: plan, seed: 42, speed: 1, maxPerMessage: 1, truth: false)
        let decoding = try SimDecoding(plan: plan)
        var perTag: [String: Int] = [:]
        var produced = 0
        var step: Int64 = 0
        // Simulated time stays below every tag's first move, so each turn is the tag's room plus neighbours.
        while produced < 20_000 {
            produced += generator.produce(count: perCall, nowMs: 1_795_435_200_000 + step, simSeconds: 0) { t, p in
                guard let d = try? decoding.decode(topic: t, payload: p, receivedMs: 1_795_435_200_000) else { return }
                for r in d.output.readings where r.kind == .ble { perTag[r.tag.string, default: 0] += 1 }
            }
            step += 1
        }
        let tags = generator.facility.assets.map(\.tag)
        let counts = tags.map { perTag[$0] ?? 0 }
        let mean = Double(counts.reduce(0, +)) / Double(counts.count)
        let starved = tags.filter { Double(perTag[$0] ?? 0) < mean / 2 }
        #expect(starved.isEmpty, "tags with less than half the mean of \(Int(mean)) readings: \(starved)")
    }
}
