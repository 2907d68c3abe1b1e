public import Foundation
public import Logging
public import RTLSCore
import RTLSMQTT
import RTLSPostgres
public import RTLSSystemd
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The daemon assembled from a config: database connection (migrated), ring, ingest pipeline,
/// writer and the services that run them, in the order `[watchdog, metrics, maintenance, writer,
/// ingest]` so shutdown stops intake first, then drains the writer, then stops maintenance (its own
/// connection), and stops the watchdog last.
public final class Daemon: Sendable {
    /// Counters for status, metrics and tests.
    public let stats: PipelineStats
    /// The ring between the MQTT thread and the writer.
    public let ring: SPSCRing<Reading>
    private let group: ServiceGroup
    let logger: Logger
    private let writer: WriterLoop
    private let notifier: SystemdNotifier
    private let reloader: ReloadService
    /// The rules stage, when a site and rules are configured.
    public let rules: RulesStage?
    /// Where a clean stop leaves the rules engine's state for the next start (`[spool] dir`).
    let stateFile: EngineStateFile?

    private init(
        stats: PipelineStats, ring: SPSCRing<Reading>, group: ServiceGroup, logger: Logger, writer: WriterLoop,
        notifier: SystemdNotifier, reloader: ReloadService, rules: RulesStage?, stateFile: EngineStateFile?
    ) {
        self.reloader = reloader
        self.rules = rules
        self.stateFile = stateFile
        self.stats = stats
        self.ring = ring
        self.group = group
        self.logger = logger
        self.writer = writer
        self.notifier = notifier
    }

    /// Opens the write-ahead log (or spool), connects to the database and applies the migrations
    /// if it answers, and builds the services. With a `[spool] dir` rtlsd starts without the
    /// database: readings are logged ahead (or spooled) and the writer connects, migrates and
    /// drains once PostgreSQL answers. Without one it waits for the database, as there is nowhere
    /// durable to keep readings.
    /// - Parameters:
    ///   - config: The validated config.
    ///   - logger: The daemon's logger.
    ///   - handleSignals: Whether SIGTERM/SIGINT trigger graceful shutdown (off for in-process tests).
    ///   - notifier: systemd notifications (a no-op when not under systemd).
    /// - Throws: config errors; ``DatabaseError`` that need a person (another live rtlsd with the
    ///   same instance name, a changed migration, unavailable storage).
    public static func prepare(
        config: DaemonConfig, logger: Logger, handleSignals: Bool = true,
        notifier: SystemdNotifier = SystemdNotifier(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Daemon {
        let conninfo = try config.databaseConninfo(environment: environment)
        let mqtt = try config.mqttConfiguration(environment: environment)
        let durability = try Self.openDurability(config: config, logger: logger.component("spool"))
        let stats = PipelineStats()
        let siteModel = try config.siteFile.map { try SiteConfig.load(path: $0).site }
        let policy = ReferencePolicySource(
            try Self.referencePolicy(config: config, site: siteModel, logger: logger.component("db")))
        let site = SiteSource(SiteSource.record(config: config, site: siteModel))
        let sink = try DatabaseSink(
            conninfo: conninfo, config: config, writeAhead: durability.log, logger: logger.component("db"),
            stats: stats, policy: policy, site: site)
        let connected = try await Self.connect(sink, waiting: config.spool.directory == nil, logger: logger)

        stats.databaseUp.store(connected, ordering: .relaxed)
        let ring = SPSCRing<Reading>(minimumCapacity: config.writer.ringCapacity)
        let rules = try Self.makeRules(config: config, logger: logger.component("rules"), writeAhead: durability.log)
        let stateFile = rules == nil ? nil : config.spool.directory.map { EngineStateFile(directory: $0) }
        let checkpoints = try rules.flatMap { rules in
            try stateFile.flatMap { file in
                try Self.restoreEngineState(
                    rules, from: file, checkpointEvery: config.spool.stateCheckpointInterval,
                    logger: logger.component("rules"))
            }
        }
        var eventSource: (@Sendable (inout EngineOutput) -> Void)?
        if let rules {
            eventSource = { events in rules.takeEvents(into: &events) }
        }
        let overflow = config.writer.waitWhenRingFull ? nil : IntakeOverflow()
        let writer = WriterLoop(
            ring: ring, sink: sink, spool: durability.backlog, batchSize: config.writer.batchSize,
            linger: .milliseconds(config.writer.lingerMilliseconds), stats: stats, logger: logger.component("writer"),
            eventSource: eventSource,
            ids: config.spool.directory.map { BatchIDGenerator(directory: $0, logger: logger) } ?? BatchIDGenerator(),
            overflow: overflow,
            secondSink: try DatabaseSink.second(
                conninfo: conninfo, config: config, writeAhead: durability.log, logger: logger.component("db"),
                stats: stats, policy: policy, site: site))
        let deadline = ShutdownDeadline()
        let pipeline = IngestPipeline(
            routes: config.decoderRoutes(siteTimeZone: siteModel?.timeZone), ring: ring, stats: stats, logger: logger.component("ingest"),
            maxMessageBytes: config.mqtt.maxMessageBytes, maxClockSkewSeconds: config.ingest.maxClockSkewSeconds,
            rules: rules, duplicateWindow: config.ingest.duplicateWindow,
            redeliverySeconds: config.ingest.redeliverySeconds, writeAhead: durability.log, overflow: overflow,
            shouldGiveUp: { deadline.hasPassed })
        let ingest = IngestService(
            configuration: mqtt, subscriptions: config.subscriptions, pipeline: pipeline, rules: rules, stats: stats,
            logger: logger.component("mqtt"),
            onShutdownBegins: {
                try? notifier.stopping()
                deadline.start(timeout: .seconds(config.writer.drainTimeoutSeconds))
            }, ackTopic: config.alertAckTopic, intakeNice: config.mqtt.intakeNice)
        let storageNice = Int32(config.writer.storageNice)
        let writerService = WriterService(
            loop: writer, drainTimeout: .seconds(config.writer.drainTimeoutSeconds), lowerPriority: storageNice)
        let watchdog = WatchdogService(
            notifier: notifier, stats: stats, ring: ring, logger: logger,
            readyWithoutDatabase: config.spool.directory != nil, activeAlerts: { rules?.activeAlertCount ?? 0 })
        let maintenanceStats = MaintenanceStats()
        let maintenance = MaintenanceService(
            loop: MaintenanceLoop(
                settings: MaintenanceSettings(config: config, conninfo: conninfo), stats: maintenanceStats,
                writeAhead: durability.log, logger: logger.component("maintenance")),
            lowerPriority: storageNice)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: watchdog), .init(service: maintenance), .init(service: writerService),
        ]
        if let listen = config.metrics.listen {
            let sampler = MetricsSampler(
                stats: stats, ring: ring, rules: rules, spoolBytes: { Int(stats.spoolBytes.load(ordering: .relaxed)) },
                maintenance: maintenanceStats)
            let health = HealthReport(
                stats: stats, ringFill: { Double(ring.count) / Double(max(1, ring.capacity)) },
                spoolMaxBytes: config.spool.directory == nil ? nil : config.spool.maxBytes, maintenance: maintenanceStats)
            services.insert(
                .init(service: try MetricsService(
                        listen: listen, sampler: sampler, health: health, logger: logger.component("metrics"))), at: 1)
        }
        if let rules { services.append(.init(service: RulesSweepService(stage: rules))) }
        if let checkpoints { services.append(.init(service: checkpoints)) }
        services.append(.init(service: ingest))
        let reload = ReloadService(
            configPath: config.file, running: config, pipeline: pipeline, rules: rules, policy: policy, site: site,
            notifier: notifier,
            logger: logger.component("reload"))
        if handleSignals { services.append(.init(service: reload)) }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
                cancellationSignals: [],
                logger: logger))
        return Daemon(
            stats: stats, ring: ring, group: group, logger: logger, writer: writer, notifier: notifier, reloader: reload,
            rules: rules, stateFile: stateFile)
    }

    /// Runs until graceful shutdown (signal or ``shutdown()``) and the drain complete.
    /// - Returns: `true` when every reading received was written (nothing abandoned).
    public func run() async throws -> Bool {
        try await self.group.run()
        self.saveEngineState()
        let received = self.stats.readingsDecoded.load(ordering: .relaxed)
        let written = self.stats.readingsWritten.load(ordering: .relaxed)
        let abandoned = self.stats.readingsAbandoned.load(ordering: .relaxed)
        self.logger.notice(
            "rtlsd stopped",
            metadata: [
                "messages.received": "\(self.stats.messagesReceived.load(ordering: .relaxed))",
                "readings.received": "\(received)", "readings.written": "\(written)",
                "readings.abandoned": "\(abandoned)",
                "messages.rejected": "\(self.stats.messagesRejected.load(ordering: .relaxed))",
                "messages.duplicate": "\(self.stats.duplicatesDropped.load(ordering: .relaxed))",
                "batches.id_in_use": "\(self.stats.batchIDsInUse.load(ordering: .relaxed))",
                "readings.spooled": "\(self.stats.readingsSpooled.load(ordering: .relaxed))",
                "spool.bytes": "\(self.stats.spoolBytes.load(ordering: .relaxed))",
            ])
        return abandoned == 0
    }

    /// Re-reads the config, site and rules as SIGHUP would.
    /// - Returns: whether the new configuration was applied.
    @discardableResult
    public func reload() -> Bool { self.reloader.reload() }

    /// Starts graceful shutdown, as SIGTERM would.
    public func shutdown() async {
        await self.group.triggerGracefulShutdown()
    }

    /// Opens `[spool] dir` as a disk spool, or as a write-ahead log with `write_ahead = true`
    /// (replaying batches an earlier spool run left there first).
    static func openDurability(config: DaemonConfig, logger: Logger) throws -> (
        backlog: (any BatchBacklog)?, log: WriteAheadLog?
    ) {
        guard let dir = config.spool.directory else {
            logger.warning("No [spool] dir configured: during a database outage batches are held in memory only")
            return (nil, nil)
        }
        let configuration = config.spoolConfiguration(directory: dir)
        let spool = try Spool(configuration: configuration, logger: logger)
        logger.info(
            "Spool open",
            metadata: [
                "spool.dir": "\(dir)", "spool.batches": "\(spool.pendingBatches)", LogKey.spoolBytes: "\(spool.bytes)",
                "spool.truncated": "\(spool.truncatedRecords)", "spool.write_ahead": "\(config.spool.writeAhead)",
            ])
        guard config.spool.writeAhead else {
            if WriteAheadLog.hasSegments(in: dir) {
                logger.critical(
                    "[spool] dir holds a write-ahead log from a run with write_ahead = true; readings in it are not replayed until write_ahead is set again",
                    metadata: ["spool.dir": "\(dir)"])
            }
            return (spool, nil)
        }
        let log = try WriteAheadLog(configuration: configuration, logger: logger)
        logger.info(
            "Write-ahead log open",
            metadata: [
                "wal.id": "\(log.id)", "wal.next": "\(log.firstSequenceOfRun)", LogKey.spoolBytes: "\(log.bytes)",
                "wal.recovered": "\(log.recovered.map { "\($0.lowerBound)...\($0.upperBound)" } ?? "none")",
                "wal.truncated": "\(log.truncatedRecords)",
                "wal.read_at_open": "\(log.openedDrained ? "none: the last run stopped cleanly with everything committed" : "every segment")",
            ])
        let backlog = WriteAheadBacklog(
            log: log, batchSize: config.writer.batchSize, logger: logger, leftover: spool.isEmpty ? nil : spool,
            logsEvents: config.siteFile != nil)
        return (backlog, log)
    }

    /// The writer's allow-lists: site.toml's gateways and zones for each `[ingest] allow_unknown_… =
    /// false` (the site file is read for them), any name otherwise.
    static func referencePolicy(config: DaemonConfig, site: SiteModel?, logger: Logger) throws -> ReferencePolicy {
        guard !config.ingest.allowUnknownGateways || !config.ingest.allowUnknownZones, let site else {
            return .any
        }
        let policy = ReferencePolicySource.policy(config: config, site: site)
        logger.info(
            "Reference rows only for site.toml's names: readings from other gateways/zones are stored with a NULL id",
            metadata: [
                "allow.gateways": "\(policy.gateways.map { "\($0.count) from site.toml" } ?? "any")",
                "allow.zones": "\(policy.zones.map { "\($0.count) from site.toml" } ?? "any")",
            ])
        return policy
    }

    /// Builds the rules stage from the site and rules files, or nil when none are configured.
    static func makeRules(config: DaemonConfig, logger: Logger, writeAhead: WriteAheadLog? = nil) throws -> RulesStage? {
        guard let sitePath = config.siteFile, let rulesPath = config.rulesFile else { return nil }
        let site = try SiteConfig.load(path: sitePath)
        let rulesConfig = try RulesConfig.load(path: rulesPath)
        let engine = try rulesConfig.makeEngine(site: site, now: DaemonClock.now())
        logger.info("Site and rules loaded", metadata: ["site.file": "\(sitePath)", "rules.file": "\(rulesPath)"])
        var logAhead: (@Sendable (EngineOutput) throws(SpoolError) -> Void)?
        if let writeAhead {
            logAhead = { (output: EngineOutput) throws(SpoolError) in try writeAhead.appendEvents(output) }
        }
        return RulesStage(
            engine: engine, logger: logger, alertTopicPrefix: config.alertTopicPrefix, logAhead: logAhead,
            escalateAfter: config.alertEscalateAfter, escalationTopic: config.alertEscalationTopic)
    }

    /// The first connection. A database that is unreachable is no reason not to start when readings
    /// can be kept on disk (`waiting` false): the writer keeps trying. Errors a retry cannot mend
    /// (instance in use, migrations) stop the start.
    /// - Returns: whether the database answered.
    private static func connect(_ sink: DatabaseSink, waiting: Bool, logger: Logger) async throws -> Bool {
        var delay: Duration = .milliseconds(500)
        var logged = false
        while true {
            do {
                try sink.connect()
                return true
            } catch let error as DatabaseError where error.isTransient {
                if !waiting {
                    logger.error(
                        "Database unreachable at startup; rtlsd starts without it: readings are kept in [spool] dir and written once it answers (migrations first)",
                        metadata: [LogKey.errorMessage: "\(error)"])
                    return false
                }
                if !logged {
                    logger.error(
                        "Database unreachable at startup and no [spool] dir to keep readings in; retrying with backoff",
                        metadata: [LogKey.errorMessage: "\(error)"])
                    logged = true
                }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
    }
}
