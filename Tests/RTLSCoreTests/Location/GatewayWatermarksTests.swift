import RTLSCore
import Testing

/// Per-gateway event-time watermarks: a tag's window is decided once every gateway that heard it has
/// reported past the window's end (a whole message later), at the latest after `ble_max_delay`.
@Suite struct GatewayWatermarksTests {
    static func sighting(
        _ tag: TagID, _ gw: GatewayID, _ rssi: Float, _ s: Double, receivedAt: Double, receiveTime: Bool = false
    ) -> Reading {
        var r = Reading(time: TestSite.at(s), receivedAt: TestSite.at(receivedAt), kind: .ble, tag: tag, gateway: gw)
        r.rssi = rssi
        if receiveTime { r.flags = .receiveTime }
        return r
    }

    /// One gateway's uploads: every `every` seconds from `first` until `until`, each message holding the
    /// tag's sightings (one every 0.5 s) stamped in the `every` seconds before it, newest first (batches
    /// need not be in time order). `rssi` gives the level at a time.
    static func uploads(
        _ gw: GatewayID, first: Double, every: Double, until: Double, rssi: (Double) -> Float
    ) -> [(at: Double, readings: [Reading])] {
        var messages: [(at: Double, readings: [Reading])] = []
        var upload = first
        while upload <= until {
            var times: [Double] = []
            var t = (max(0, upload - every) * 2).rounded(.up) / 2
            while t < upload {
                times.append(t)
                t += 0.5
            }
            let readings = times.reversed().map { sighting("pump1", gw, rssi($0), $0, receivedAt: upload) }
            if !readings.isEmpty { messages.append((upload, readings)) }
            upload += every
        }
        return messages
    }

    /// All gateways' messages in the order they arrive.
    static func arrival(_ gateways: [[(at: Double, readings: [Reading])]]) -> [Reading] {
        gateways.flatMap { $0 }.sorted { $0.at < $1.at }.flatMap(\.readings)
    }

    static func engine(maxDelay: Duration? = nil) throws -> RuleEngine {
        var options = LocationOptions()
        options.bleMaxDelay = maxDelay
        return try RuleEngine(site: try TestSite.site(), rules: [], options: options, now: TestSite.t0)
    }

    @Test func aGatewaysWatermarkIsItsLatestWholeMessage() {
        var w = GatewayWatermarks(gateways: 2, zones: 1)
        #expect(w.watermark(of: 0) == Int64.min)
        // Gateway 0's batch received at 2.1 s, out of order: nothing counts until the message is through.
        w.note(gateway: 0, time: 1_900_000, receivedAt: 2_100_000, receiveTime: false)
        #expect(w.watermark(of: 0) == Int64.min)
        w.note(gateway: 0, time: 1_200_000, receivedAt: 2_100_000, receiveTime: false)
        #expect(w.watermark(of: 0) == Int64.min)
        // Gateway 1's batch, lagging (up to 1.5 s), arrives next: gateway 0's is through.
        w.note(gateway: 1, time: 1_500_000, receivedAt: 2_200_000, receiveTime: false)
        #expect(w.watermark(of: 0) == 1_900_000)
        #expect(w.watermark(of: 1) == Int64.min)
        // An older batch of gateway 0 arriving late does not move its watermark back.
        w.note(gateway: 0, time: 1_000_000, receivedAt: 2_300_000, receiveTime: false)
        #expect(w.watermark(of: 1) == 1_500_000)
        w.note(gateway: 1, time: 2_400_000, receivedAt: 2_400_000, receiveTime: true)
        #expect(w.watermark(of: 0) == 1_900_000)
        // A gateway stamping receive time has reported up to rtlsd's receive clock, at once.
        #expect(w.watermark(of: 1) == 2_400_000)
        w.note(gateway: -2, time: 2_500_000, receivedAt: 2_500_000, receiveTime: true)  // room node of zone 0
        #expect(w.watermark(of: -2) == 2_500_000)
        #expect(w.watermark(of: 1) == 2_500_000)
        #expect(w.watermark(of: -3) == Int64.min)  // not a zone of this site
    }

    /// The ICU gateway uploads every second; the ward gateway every 2 s, its batches arriving after the
    /// ICU gateway's newer ones. The tag leaves the ICU at 10 s and is heard strongly by the ward gateway
    /// from 11 s. The window 10–12 s must wait for the ward gateway's batch of 11–12.5 s (received at
    /// 12.9 s) — without it the window is a tie — and is decided as soon as that batch is through: by the
    /// first sighting of the next message (13 s), not at the maximum delay (2 s here: the sighting of 14 s).
    @Test func outOfOrderBatchesFromTwoGatewaysAreWaitedForAndCounted() throws {
        let icu = Self.uploads("gw-icu", first: 0.2, every: 1, until: 20) { $0 < 10 ? -60 : -75 }
        let ward = Self.uploads("gw-ward", first: 0.9, every: 2, until: 20) { $0 < 11 ? -75 : -50 }
        var engine = try Self.engine(maxDelay: .seconds(2))
        let out = TestSite.run(&engine, Self.arrival([icu, ward]))
        let entered = out.zoneEvents.filter { $0.transition == .enter }
        #expect(entered.map { $0.zone.string } == ["ICU-3", "WARD"])
        #expect(try #require(entered.last).time == TestSite.at(13))
        #expect(engine.statistics.lateReadings == 0)
    }

    /// The ward gateway heard the tag until 9.5 s and then falls silent (no message at all); the tag
    /// moves upstairs at 10 s. The window 10–12 s waits for the silent gateway only up to the maximum
    /// delay (default half a window): it is decided by the first sighting stamped 13 s.
    @Test func aSilentGatewayHoldsAWindowAtMostTheMaximumDelay() throws {
        let icu = Self.uploads("gw-icu", first: 0.2, every: 1, until: 20) { $0 < 10 ? -60 : -85 }
        let ward = Self.uploads("gw-ward", first: 0.4, every: 1, until: 10) { _ in -75 }
        let upstairs = Self.uploads("gw-l2", first: 10.3, every: 1, until: 20) { $0 < 10 ? -95 : -50 }
        var engine = try Self.engine()
        let out = TestSite.run(&engine, Self.arrival([icu, ward, upstairs]))
        let entered = out.zoneEvents.filter { $0.transition == .enter }
        #expect(entered.map { $0.zone.string } == ["ICU-3", "SOILED"])
        #expect(try #require(entered.last).time == TestSite.at(13))
        #expect(engine.statistics.lateReadings == 0)
    }

    /// Theengs / ESPresense style: every sighting its own message, stamped with the receive time. No
    /// sighting stamped earlier can still come, so the window 10–12 s is decided by the first sighting
    /// of 12 s itself (device-time stamps of the same traffic wait for each gateway's next message).
    @Test(arguments: [true, false])
    func receiveTimeFormatsDecideAtOnce(receiveTime: Bool) throws {
        var readings: [Reading] = []
        for i in 0..<80 {
            let s = Double(i) * 0.25
            let icu = i % 2 == 0
            let rssi: Float = s < 10 ? (icu ? -60 : -75) : (icu ? -75 : -55)
            readings.append(
                Self.sighting("pump1", icu ? "gw-icu" : "gw-ward", rssi, s, receivedAt: s, receiveTime: receiveTime))
        }
        var engine = try Self.engine()
        let out = TestSite.run(&engine, readings)
        let entered = out.zoneEvents.filter { $0.transition == .enter }
        #expect(entered.map { $0.zone.string } == ["ICU-3", "WARD"])
        // Device time: at 12 s the ward gateway's last whole message is of 11.75 s; at 12.25 s its own
        // message is not through yet, at 12.5 s it is.
        #expect(try #require(entered.last).time == TestSite.at(receiveTime ? 12 : 12.5))
    }
}
