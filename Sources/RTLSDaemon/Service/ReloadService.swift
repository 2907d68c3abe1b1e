import Logging
import RTLSCore
import RTLSSystemd
public import ServiceLifecycle
import UnixSignals

/// SIGHUP: re-reads the config file, the site and the rules, and swaps them in atomically without
/// dropping a reading (`RELOADING=1` … `READY=1` around it). A config that fails to load is refused
/// with its reason logged, and the running one stays in force. Changing the broker, database or
/// the set of subscriptions needs a restart; such a reload is refused and says so.
public struct ReloadService: Service {
    let configPath: String
    let running: DaemonConfig
    let pipeline: IngestPipeline
    let rules: RulesStage?
    /// The writer's allow-lists, recomputed from the reloaded site.toml.
    let policy: ReferencePolicySource?
    let notifier: SystemdNotifier
    let logger: Logger

    init(
        configPath: String, running: DaemonConfig, pipeline: IngestPipeline, rules: RulesStage?,
        policy: ReferencePolicySource? = nil, notifier: SystemdNotifier, logger: Logger
    ) {
        self.policy = policy
        self.configPath = configPath
        self.running = running
        self.pipeline = pipeline
        self.rules = rules
        self.notifier = notifier
        self.logger = logger
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await withGracefulShutdownHandler {
            for await _ in signals.cancelOnGracefulShutdown() {
                try? self.notifier.reloading()
                self.reload()
                try? self.notifier.ready()
            }
        } onGracefulShutdown: {}
    }

    /// Sections a reload does not apply (the writer, ring, spool or log are built once at start).
    static func sectionsNeedingRestart(running: DaemonConfig, next: DaemonConfig) -> [String] {
        var sections: [String] = []
        if next.writer != running.writer { sections.append("[writer]") }
        if next.ingest != running.ingest { sections.append("[ingest]") }
        if next.spool != running.spool { sections.append("[spool]") }
        if next.metrics != running.metrics { sections.append("[metrics]") }
        return sections
    }

    /// Loads and applies the new config; returns whether it was applied.
    @discardableResult
    func reload() -> Bool {
        do {
            let next = try DaemonConfig.load(path: self.configPath)
            guard next.subscriptions == self.running.subscriptions, next.mqtt.host == self.running.mqtt.host,
                next.mqtt.port == self.running.mqtt.port, next.database.conninfo == self.running.database.conninfo
            else {
                self.logger.error(
                    "Reload refused: broker, database or subscribed topic filters changed; restart rtlsd to apply. The running config stays in force",
                    metadata: ["config": "\(self.configPath)"])
                return false
            }
            if let rules = self.rules, let site = next.siteFile, let rulesPath = next.rulesFile {
                let siteConfig = try SiteConfig.load(path: site)
                let rulesConfig = try RulesConfig.load(path: rulesPath)
                try rules.replaceEngine { engine in
                    try rulesConfig.rebuild(engine, site: siteConfig, now: DaemonClock.now())
                }
                // The allow-list switches stay as started ([ingest] needs a restart); their names follow the site.
                self.policy?.replace(ReferencePolicySource.policy(config: self.running, site: siteConfig.site))
            } else if (self.rules == nil) != (next.siteFile == nil) {
                self.logger.error("Reload refused: adding or removing [site] needs a restart; the running config stays in force")
                return false
            }
            self.pipeline.replaceRoutes(next.decoders)
            self.logger.notice("Configuration reloaded", metadata: ["config": "\(self.configPath)", "decoder.routes": "\(next.decoders.count)"])
            let pending = Self.sectionsNeedingRestart(running: self.running, next: next)
            if !pending.isEmpty {
                self.logger.warning(
                    "Reload: changes to \(pending.joined(separator: ", ")) take effect at the next restart; the running values stay in force",
                    metadata: ["config": "\(self.configPath)"])
            }
            return true
        } catch {
            self.logger.error("Reload refused: \(error); the running config stays in force")
            return false
        }
    }
}
