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
    return """
          restart state: \(summary.tags) tags, \(summary.openAlerts) open alerts: snapshot \(ms(snapshotTime)) ms \
        (under the rules lock), file \(mib) MiB encoded in \(ms(encodeTime)) ms, decoded in \(ms(decodeTime)) ms, \
        restored in \(ms(restoreTime)) ms
          reload: new engine built in \(ms(buildTime)) ms off the lock, state taken over in \(ms(reloadTime)) ms under it
        """
}
