public import Logging
public import RTLSCore
public import RTLSSystemd
public import ServiceLifecycle
import Synchronization

/// Talks to systemd: `READY=1` once the broker subscription and the database are up — or, with a
/// `[spool] dir` (``readyWithoutDatabase``), once subscribed even while the database is unreachable,
/// since readings are then kept on disk until it answers — a `STATUS=`
/// line every tick, and `WATCHDOG=1` only while the pipeline shows signs of life (see
/// ``WatchdogPolicy``). It is first in the service group, so it is stopped last and keeps the
/// watchdog fed while the writer drains.
public struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let stats: PipelineStats
    let ring: SPSCRing<Reading>
    let logger: Logger
    let tick: Duration
    let activeAlerts: @Sendable () -> Int
    let readyWithoutDatabase: Bool

    /// Creates the service; `tick` defaults to half the watchdog interval, or 2 s without one.
    public init(
        notifier: SystemdNotifier, stats: PipelineStats, ring: SPSCRing<Reading>, logger: Logger,
        readyWithoutDatabase: Bool = false, activeAlerts: @escaping @Sendable () -> Int = { 0 }
    ) {
        self.readyWithoutDatabase = readyWithoutDatabase
        self.notifier = notifier
        self.stats = stats
        self.ring = ring
        self.logger = logger
        self.tick = notifier.watchdogTick ?? .seconds(2)
        self.activeAlerts = activeAlerts
    }

    public func run() async throws {
        var policy = WatchdogPolicy()
        var ready = false
        var lastWritten = self.stats.readingsWritten.load(ordering: .relaxed)
        var lastWithheld: WatchdogPolicy.Withheld?
        let clock = ContinuousClock()
        var lastTick = clock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let written = self.stats.readingsWritten.load(ordering: .relaxed)
            let now = clock.now
            let elapsed = now - lastTick
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rate = seconds > 0 ? Double(written &- lastWritten) / seconds : 0
            lastWritten = written
            lastTick = now
            let dbUp = self.stats.databaseUp.load(ordering: .relaxed)
            let lagMicros = self.stats.lastCommitLagMicroseconds.load(ordering: .relaxed)
            let status = StatusLine(
                readingsPerSecond: rate, ringFill: Double(self.ring.count) / Double(self.ring.capacity),
                databaseLag: dbUp ? .microseconds(lagMicros) : nil, spoolBytes: UInt64(max(0, self.stats.spoolBytes.load(ordering: .relaxed))), activeAlerts: self.activeAlerts()
            ).text
            if !ready && (dbUp || self.readyWithoutDatabase) && self.stats.brokerUp.load(ordering: .relaxed) {
                ready = true
                try? self.notifier.ready(status: status)
                self.logger.notice(
                    dbUp
                        ? "rtlsd ready: subscribed to the broker and writing to the database"
                        : "rtlsd ready: subscribed to the broker; the database is unreachable, readings are kept in [spool] dir until it answers")
            } else {
                try? self.notifier.status(status)
            }
            let sample = WatchdogPolicy.PipelineSample(
                messagesReceived: self.stats.messagesReceived.load(ordering: .relaxed),
                readingsWritten: self.stats.writerHeartbeat.load(ordering: .relaxed),
                ringDepth: self.ring.count, databaseReachable: dbUp, spooling: self.stats.spoolBatches.load(ordering: .relaxed) > 0)
            switch policy.decide(sample) {
            case .ping:
                try? self.notifier.watchdog()
                lastWithheld = nil
            case .withhold(let why):
                if lastWithheld != why {
                    self.logger.warning("Watchdog ping withheld: the pipeline shows no progress", metadata: ["reason": "\(why)"])
                }
                lastWithheld = why
            }
            try? await Task.sleep(for: self.tick)
        }
        // Keep feeding the watchdog until the group cancels us? No: we are stopped last, after the
        // writer has drained, so one final ping and we are done.
        try? self.notifier.watchdog()
    }
}
