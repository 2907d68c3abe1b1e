import Logging
import RTLSCore
import Testing

@testable import RTLSDaemon

/// A reload builds the new engine off the lock and swaps it in; a restart restores the last run's
/// state. Either way an open alert stays open under its id and a true condition does not fire again.
@Suite struct RulesStageSwapTests {
    static let t0 = Timestamp(milliseconds: 1_750_000_000_000)
    static let rule = RuleSpec(id: "pump-at-dock", condition: .zoneEnter(zones: ["DOCK"]))

    static func site() throws -> SiteModel {
        var site = SiteModel(facility: "swap")
        try site.addBuilding(name: "Main")
        try site.addFloor(name: "L1", building: "Main")
        try site.addZone(name: "DOCK", floor: "L1", shape: .none)
        try site.addZone(name: "ICU", floor: "L1", shape: .none)
        try site.addGateway(id: "rdr-1", zone: "DOCK", antennas: [1: "DOCK", 2: "ICU"])
        try site.addAsset(name: "PUMP-1", tag: "pump1")
        return site
    }

    static func engine(at seconds: Int64) throws -> RuleEngine {
        try RuleEngine(site: try Self.site(), rules: [Self.rule], now: Self.at(seconds))
    }

    static func at(_ seconds: Int64) -> Timestamp { Timestamp(microseconds: Self.t0.microseconds + seconds * 1_000_000) }

    static func read(_ stage: RulesStage, antenna: Int16, at seconds: Int64) {
        var reading = Reading(time: Self.at(seconds), receivedAt: Self.at(seconds), kind: .rfid, tag: "pump1", gateway: "rdr-1")
        reading.antenna = antenna
        stage.process([reading], gateway: "rdr-1", receivedAt: Self.at(seconds))
    }

    static func alerts(_ stage: RulesStage) -> [Alert] {
        var events = EngineOutput()
        stage.takeEvents(into: &events)
        return events.alerts
    }

    @Test func aSwappedInEngineKeepsTheOpenAlert() throws {
        let stage = RulesStage(engine: try Self.engine(at: 0), logger: Logger(label: "test"), alertTopicPrefix: nil)
        Self.read(stage, antenna: 1, at: 1)
        let fired = Self.alerts(stage)
        #expect(fired.map(\.state) == [.fired])
        let held = stage.swapIn(try Self.engine(at: 2))
        #expect(held < .seconds(1))
        Self.read(stage, antenna: 1, at: 3)
        #expect(Self.alerts(stage).isEmpty)
        #expect(stage.activeAlertCount == 1)
        Self.read(stage, antenna: 2, at: 4)
        let cleared = Self.alerts(stage)
        #expect(cleared.map(\.state) == [.cleared])
        #expect(cleared.first?.alertID == fired.first?.alertID)
    }

    @Test func aRestoredStageCountsTheOpenAlertAndDoesNotFireAgain() throws {
        let before = RulesStage(engine: try Self.engine(at: 0), logger: Logger(label: "test"), alertTopicPrefix: nil)
        Self.read(before, antenna: 1, at: 1)
        let fired = Self.alerts(before)
        let saved = try EngineSnapshot(stateFileBytes: before.snapshot(at: Self.at(2)).stateFileBytes())

        let after = RulesStage(engine: try Self.engine(at: 60), logger: Logger(label: "test"), alertTopicPrefix: nil)
        let summary = after.restore(saved, now: Self.at(60))
        #expect(summary.openAlerts == 1)
        #expect(after.activeAlertCount == 1)
        Self.read(after, antenna: 1, at: 61)
        #expect(Self.alerts(after).isEmpty)
        Self.read(after, antenna: 2, at: 62)
        #expect(Self.alerts(after).map(\.alertID) == fired.map(\.alertID))
    }
}
