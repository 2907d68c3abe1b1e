import Foundation
import RTLSCore
import RTLSDaemon

/// What a clean stop and the next start cost with the engine's state (`engine-state`), and a
/// reload: run after the rules benchmark, on its engine.
func engineStateFigures(_ engine: RuleEngine, at now: Timestamp) -> String {
    let clock = ContinuousClock()
    func ms(_ d: Duration) -> String {
        let v = Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
        return String((v * 10).rounded() / 10)
    }
    var began = clock.now
    let snapshot = engine.snapshot(at: now)
    let snapshotTime = clock.now - began
    began = clock.now
    let data = snapshot.stateFileBytes()
    let encodeTime = clock.now - began
    began = clock.now
    guard let decoded = try? EngineSnapshot(stateFileBytes: data) else { return "  restart state: could not decode" }
    let decodeTime = clock.now - began
    guard var fresh = try? RuleEngine(site: engine.site, rules: engine.ruleSpecs, options: engine.options, now: now)
    else { return "  restart state: could not build an engine" }
    began = clock.now
    let summary = fresh.restore(decoded, now: now)
    let restoreTime = clock.now - began
    began = clock.now
    guard var next = try? RuleEngine(site: engine.site, rules: engine.ruleSpecs, options: engine.options, now: now)
    else { return "  reload: could not build an engine" }
    let buildTime = clock.now - began
    began = clock.now
    next.takeOver(from: engine)
    let reloadTime = clock.now - began
    let mib = String((Double(data.count) / 1_048_576 * 10).rounded() / 10)
    let journal = journalAppendFigure(engine, at: now)
    return """
          restart state: \(summary.tags) tags, \(summary.openAlerts) open alerts: snapshot \(ms(snapshotTime)) ms \
        (under the rules lock), file \(mib) MiB encoded in \(ms(encodeTime)) ms, decoded in \(ms(decodeTime)) ms, \
        restored in \(ms(restoreTime)) ms
          reload: new engine built in \(ms(buildTime)) ms off the lock, state taken over in \(ms(reloadTime)) ms under it
          engine journal: \(journal)
        """
}

/// What one engine-journal append costs under the rules lock (a message or sweep that fired an alert
/// and moved a tag: one alert and an exit/enter pair), written to a real file in the temp directory.
func journalAppendFigure(_ engine: RuleEngine, at now: Timestamp) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rtls-bench-journal-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    guard var journal = try? EngineJournal(directory: directory, generation: 1) else { return "could not open a journal" }
    defer { journal.close() }
    var output = EngineOutput()
    output.alerts = [
        Alert(
            alertID: 1, ruleID: "pump-at-loading-dock", kind: .restrictedZone, severity: .critical, state: .fired, time: now,
            tag: "E28011606000020123456789", asset: "PUMP-000123", zone: "b1-f1-loading-dock", gateway: "gw-0312",
            method: .rfid)
    ]
    output.zoneEvents = [
        ZoneEvent(
            transition: .exit, time: now, tag: "E28011606000020123456789", asset: "PUMP-000123", zoneIndex: 3,
            zone: "b1-f1-icu", method: .rfid, gateway: "gw-0312"),
        ZoneEvent(
            transition: .enter, time: now, tag: "E28011606000020123456789", asset: "PUMP-000123", zoneIndex: 7,
            zone: "b1-f1-loading-dock", method: .rfid, gateway: "gw-0312"),
    ]
    let count = 100_000
    let clock = ContinuousClock()
    let began = clock.now
    for _ in 0..<count { try? journal.append(output, at: now) }
    let elapsed = clock.now - began
    let ns = (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(count)
    return "\(Int(ns.rounded())) ns per append (1 alert + 2 zone events, one write(2)); only messages that produced such events append"
}
