import InMemoryLogging
import Logging
import RTLSCore
import RTLSSystemd
import RTLSTestSupport
import Testing

@testable import RTLSDaemon

/// Reaching `[location] max_unknown_tags` is logged (first at once, then at most once a minute with
/// the readings refused since) and exported, instead of passing in silence.
@Suite struct RulesStageTagCapTests {
    static let t0 = Timestamp(milliseconds: 1_750_000_000_000)

    static func stage(cap: Int) throws -> (RulesStage, InMemoryLogHandler) {
        var site = SiteModel(facility: "cap")
        try site.addBuilding(name: "Main")
        try site.addFloor(name: "L1", building: "Main")
        try site.addAsset(name: "PUMP-1", tag: "known")
        var options = LocationOptions()
        options.maxUnknownTags = cap
        let engine = try RuleEngine(site: site, rules: [], options: options, now: Self.t0)
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "rtlsd.rules.test") { _ in handler }
        return (RulesStage(engine: engine, logger: logger, alertTopicPrefix: nil), handler)
    }

    static func send(_ stage: RulesStage, _ tags: [String], at seconds: Int64) {
        let time = Timestamp(microseconds: Self.t0.microseconds + seconds * 1_000_000)
        let readings = tags.map {
            Reading(time: time, receivedAt: time, kind: .rfid, tag: TagID($0) ?? TagID())
        }
        stage.process(readings, gateway: GatewayID(), receivedAt: time)
    }

    static func capLines(_ handler: InMemoryLogHandler) -> [InMemoryLogHandler.Entry] {
        handler.entries.filter { "\($0.message)".hasPrefix("Unknown-tag limit") }
    }

    @Test func firstRefusalIsLoggedAtOnceThenOncePerMinuteWithTheCount() throws {
        let (stage, handler) = try Self.stage(cap: 2)
        Self.send(stage, ["known", "u1", "u2", "u1"], at: 0)
        #expect(Self.capLines(handler).isEmpty)

        Self.send(stage, ["u3"], at: 1)
        var lines = Self.capLines(handler)
        #expect(lines.count == 1)
        #expect(lines.first?.level == .warning)
        let first = lines.first.map { "\($0.message)" } ?? ""
        #expect(first.contains("[location] max_unknown_tags = 2"))
        #expect(lines.first?.metadata["readings.untracked"] == "1")

        // Within the minute: counted, not logged.
        Self.send(stage, ["u4", "u5", "known"], at: 30)
        #expect(Self.capLines(handler).count == 1)

        Self.send(stage, ["u6"], at: 62)
        lines = Self.capLines(handler)
        #expect(lines.count == 2)
        let last = lines.last.map { "\($0.message)" } ?? ""
        #expect(last.hasPrefix("Unknown-tag limit: 3 readings"))
        #expect(lines.last?.metadata["readings.untracked"] == "4")
        #expect(lines.last?.metadata["readings.untracked_since_last"] == "3")
    }

    @Test func refusedReadingsAndTheCapAreExported() throws {
        let (stage, _) = try Self.stage(cap: 2)
        Self.send(stage, ["known", "u1", "u2", "u3", "u3", "u4"], at: 0)
        let sampler = MetricsSampler(stats: PipelineStats(), ring: SPSCRing<Reading>(minimumCapacity: 8), rules: stage)
        let s = HTTPTestClient.samples(sampler.render())
        #expect(s["rtlsd_location_readings_ignored_total{reason=\"untracked\"}"] == 3)
        #expect(s["rtlsd_location_unknown_tags"] == 2)
        #expect(s["rtlsd_location_unknown_tags_limit"] == 2)
    }

    @Test func withoutRulesNoTagGaugesAreExported() {
        let sampler = MetricsSampler(stats: PipelineStats(), ring: SPSCRing<Reading>(minimumCapacity: 8), rules: nil)
        let s = HTTPTestClient.samples(sampler.render())
        #expect(s["rtlsd_location_unknown_tags"] == nil)
    }
}
