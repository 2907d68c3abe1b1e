import Foundation
import Logging
import RTLSCore
import Testing

@testable import RTLSDaemon

/// A start after a crash: the newest checkpoint and the journals from its generation on, written by
/// a real rules stage into a real directory, give back the killed run's open alerts.
@Suite struct EngineStateFilesTests {
    typealias Swap = RulesStageSwapTests

    /// Swap's site with the dock rule as a restricted zone (critical, so it escalates).
    static func stage(at seconds: Int64, escalateAfter: Duration? = nil) throws -> RulesStage {
        let rule = RuleSpec(id: "pump-at-dock", condition: .restrictedZone(zones: ["DOCK"]))
        return RulesStage(
            engine: try RuleEngine(site: try Swap.site(), rules: [rule], now: Swap.at(seconds)), logger: Logger(label: "test"),
            alertTopicPrefix: nil, escalateAfter: escalateAfter)
    }

    static func restarted(_ files: EngineStateFiles, at seconds: Int64, escalateAfter: Duration? = nil) throws -> RulesStage {
        let next = try Self.stage(at: seconds, escalateAfter: escalateAfter)
        let recovery = try #require(files.recover())
        next.restore(recovery.snapshot, now: Swap.at(seconds))
        return next
    }

    @Test func anAlertFiredAfterTheLastCheckpointDoesNotFireAgainAfterACrash() throws {
        let files = EngineStateFiles(directory: try EngineStateFileTests.directory())
        let killed = try Self.stage(at: 0)
        try killed.startCheckpoints(files, generation: files.nextGeneration(), now: Swap.at(0))
        Swap.read(killed, antenna: 2, at: 1)  // in the ICU
        try killed.checkpoint(files, now: Swap.at(2))
        Swap.read(killed, antenna: 1, at: 3)  // at the dock: fired, only in the journal
        let fired = Swap.alerts(killed)
        #expect(fired.map(\.state) == [.fired])
        #expect(files.generations().checkpoints == [2] && files.generations().journals == [2])

        let next = try Self.restarted(files, at: 60)
        #expect(next.activeAlertCount == 1)
        Swap.read(next, antenna: 1, at: 61)
        #expect(Swap.alerts(next).isEmpty)
        Swap.read(next, antenna: 2, at: 62)
        let cleared = Swap.alerts(next)
        #expect(cleared.map(\.state) == [.cleared] && cleared.first?.alertID == fired.first?.alertID)
    }

    @Test func withoutTheJournalTheCheckpointAloneWouldFireAgain() throws {
        let files = EngineStateFiles(directory: try EngineStateFileTests.directory())
        let killed = try Self.stage(at: 0)
        try killed.startCheckpoints(files, generation: files.nextGeneration(), now: Swap.at(0))
        Swap.read(killed, antenna: 2, at: 1)
        try killed.checkpoint(files, now: Swap.at(2))
        Swap.read(killed, antenna: 1, at: 3)
        _ = Swap.alerts(killed)
        try FileManager.default.removeItem(atPath: EngineStateFiles.journalPath(files.directory, 2))
        let next = try Self.restarted(files, at: 60)
        Swap.read(next, antenna: 1, at: 61)
        #expect(Swap.alerts(next).map(\.state) == [.fired])
    }

    @Test func aTornLastRecordKeepsEverythingBeforeIt() throws {
        let files = EngineStateFiles(directory: try EngineStateFileTests.directory())
        let killed = try Self.stage(at: 0)
        try killed.startCheckpoints(files, generation: 1, now: Swap.at(0))
        Swap.read(killed, antenna: 1, at: 1)  // fired
        Swap.read(killed, antenna: 2, at: 2)  // cleared
        let path = EngineStateFiles.journalPath(files.directory, 1)
        let whole = try #require(FileManager.default.contents(atPath: path))
        #expect(EngineJournal.read(path: path).records.count == 2)
        try whole.dropLast(3).write(to: URL(fileURLWithPath: path))  // the kill tore the clear's record
        let read = EngineJournal.read(path: path)
        #expect(read.records.count == 1 && read.damaged)
        let recovery = try #require(files.recover())
        #expect(recovery.damaged && recovery.records == 1 && recovery.snapshot.openAlerts == 1)
    }

    @Test func aCheckpointCoversTheFilesBeforeItAndADamagedOneIsReported() throws {
        let files = EngineStateFiles(directory: try EngineStateFileTests.directory())
        let killed = try Self.stage(at: 0)
        try killed.startCheckpoints(files, generation: 1, now: Swap.at(0))
        Swap.read(killed, antenna: 1, at: 1)  // fired, in journal 1
        try killed.checkpoint(files, now: Swap.at(2))
        #expect(files.generations().checkpoints == [2] && files.generations().journals == [2])
        #expect(try #require(files.recover()).snapshot.openAlerts == 1)
        try Data("torn".utf8).write(to: URL(fileURLWithPath: files.checkpointPath(2)))
        let recovery = try #require(files.recover())
        #expect(recovery.checkpoint == nil && recovery.unreadable == [files.checkpointPath(2)])
        #expect(recovery.snapshot.openAlerts == 0)
    }

    @Test func anUnacknowledgedCriticalAlertStillEscalatesAfterACrash() throws {
        let files = EngineStateFiles(directory: try EngineStateFileTests.directory())
        let killed = try Self.stage(at: 0, escalateAfter: .seconds(60))
        try killed.startCheckpoints(files, generation: 1, now: Swap.at(0))
        Swap.read(killed, antenna: 1, at: 1)
        let fired = Swap.alerts(killed)
        #expect(fired.first?.severity == .critical)
        let next = try Self.restarted(files, at: 30, escalateAfter: .seconds(60))
        next.sweep(now: Swap.at(40))
        var events = EngineOutput()
        next.takeEvents(into: &events)
        #expect(events.alertActions.isEmpty)
        next.sweep(now: Swap.at(62))
        next.takeEvents(into: &events)
        #expect(events.alertActions.map(\.kind) == [.escalated])
        #expect(events.alertActions.first?.alert.alertID == fired.first?.alertID)
        #expect(events.alertActions.first?.alert.ruleID == "pump-at-dock")
    }

    @Test func anAcknowledgedAlertDoesNotEscalateAfterACrash() throws {
        let files = EngineStateFiles(directory: try EngineStateFileTests.directory())
        let killed = try Self.stage(at: 0, escalateAfter: .seconds(60))
        try killed.startCheckpoints(files, generation: 1, now: Swap.at(0))
        Swap.read(killed, antenna: 1, at: 1)
        let fired = try #require(Swap.alerts(killed).first)
        killed.acknowledge(alertID: fired.alertID, by: "nurse-7", at: Swap.at(5))
        let next = try Self.restarted(files, at: 30, escalateAfter: .seconds(60))
        next.sweep(now: Swap.at(600))
        var events = EngineOutput()
        next.takeEvents(into: &events)
        #expect(events.alertActions.isEmpty)
        #expect(next.acknowledge(alertID: fired.alertID, by: "nurse-8", at: Swap.at(601)) == .alreadyAcknowledged)
    }
}
