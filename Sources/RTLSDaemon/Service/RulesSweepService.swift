public import ServiceLifecycle

/// Runs the time-based rules (not seen, dwell, gateway offline, excursion durations) once a
/// second, so they fire even when no reading arrives.
public struct RulesSweepService: Service {
    let stage: RulesStage
    let interval: Duration

    /// Creates the service.
    public init(stage: RulesStage, interval: Duration = .seconds(1)) {
        self.stage = stage
        self.interval = interval
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            self.stage.sweep(now: DaemonClock.now())
            try? await Task.sleep(for: self.interval)
        }
    }
}
