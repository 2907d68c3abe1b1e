import Logging
import RTLSCore
import RTLSSystemd
public import ServiceLifecycle
import Synchronization
import UnixSignals

/// SIGHUP: re-reads the config file, the site and the rules, and swaps in what can change live
/// without dropping a reading (`RELOADING=1` … `READY=1` around it): `[[decoder]]` routes while
/// the subscribed topic filters stay the same, and the site and rules (``ReloadPlan``). Every other
/// changed section is named in one warning per section ending "restart rtlsd to apply"; its
/// running values stay in force. A config, site or rules file that fails to load is refused with
/// its reason logged, and nothing changes.
public struct ReloadService: Service {
    let configPath: String
    /// The config in force: the one rtlsd started with plus what reloads applied.
    let running: InForce
    let pipeline: IngestPipeline
    let rules: RulesStage?
    /// The writer's allow-lists, recomputed from the reloaded site.toml.
    let policy: ReferencePolicySource?
    /// The site model the writer keeps in the reference tables, replaced from the reloaded site.toml.
    let site: SiteSource?
    let notifier: SystemdNotifier
    let logger: Logger

    init(
        configPath: String, running: DaemonConfig, pipeline: IngestPipeline, rules: RulesStage?,
        policy: ReferencePolicySource? = nil, site: SiteSource? = nil, notifier: SystemdNotifier, logger: Logger
    ) {
        self.policy = policy
        self.site = site
        self.configPath = configPath
        self.running = InForce(running)
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

    /// Loads the config, applies what can change live and names what needs a restart.
    /// - Returns: whether the new config was loaded and its live part applied (a change needing a
    ///   restart does not make it `false`).
    @discardableResult
    func reload() -> Bool {
        let running = self.running.config
        let next: DaemonConfig
        let plan: ReloadPlan
        var rulesLockHeld: Duration?
        var siteConfig: SiteConfig?
        do {
            next = try DaemonConfig.load(path: self.configPath)
            plan = ReloadPlan.compare(running: running, next: next)
            if plan.reloadsSiteAndRules, let site = next.siteFile {
                let loaded = try SiteConfig.load(path: site)
                if let rules = self.rules, let rulesPath = next.rulesFile {
                    let rulesConfig = try RulesConfig.load(path: rulesPath)
                    // Built off the lock; only the takeover of per-tag state holds intake.
                    let fresh = try rulesConfig.makeEngine(site: loaded, now: DaemonClock.now())
                    rulesLockHeld = rules.swapIn(fresh)
                }
                // The allow-list switches stay as started ([ingest] needs a restart); their names follow the site.
                self.policy?.replace(ReferencePolicySource.policy(config: running, site: loaded.site))
                // The writer writes the changed site before its next batch.
                self.site?.replace(SiteSource.record(config: running, site: loaded.site))
                siteConfig = loaded
            }
        } catch {
            self.logger.error(
                "Reload refused: \(error); the running config stays in force",
                metadata: [LogKey.configFile: "\(self.configPath)"])
            return false
        }
        let inForce = plan.inForce(running: running, next: next)
        if plan.applied.contains(where: { $0.section == .decoder }) || siteConfig != nil {
            // Routes carry the site's time zone for local timestamps (Tasmota), which a reload may change.
            self.pipeline.replaceRoutes(inForce.decoderRoutes(siteTimeZone: siteConfig?.site.timeZone))
        }
        self.running.config = inForce
        self.logger.notice(
            "Configuration reloaded",
            metadata: [
                LogKey.configFile: "\(self.configPath)", "decoder.routes": "\(self.running.config.decoders.count)",
                "reload.applied": "\(plan.applied.map(\.description).joined(separator: "; "))",
                "reload.site_and_rules": "\(plan.reloadsSiteAndRules && self.rules != nil)",
                "reload.needs_restart": "\(plan.needsRestart.map(\.section.description).joined(separator: " "))",
                "reload.rules_lock_ms": "\(rulesLockHeld.map { "\($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000)" } ?? "-")",
            ])
        for change in plan.needsRestart {
            let why = change.reason.map { " (\($0))" } ?? ""
            self.logger.warning(
                "\(change) changed\(why): restart rtlsd to apply; the running values stay in force",
                metadata: [
                    LogKey.configFile: "\(self.configPath)", LogKey.configSection: "\(change.section.rawValue)",
                    LogKey.configKeys: "\(change.keys.joined(separator: ","))",
                ])
        }
        return true
    }
}

extension ReloadService {
    /// The config in force, shared by the SIGHUP loop and ``Daemon/reload()``.
    final class InForce: Sendable {
        private let value: Mutex<DaemonConfig>

        init(_ config: DaemonConfig) { self.value = Mutex(config) }

        var config: DaemonConfig {
            get { self.value.withLock { $0 } }
            set { self.value.withLock { $0 = newValue } }
        }
    }
}
