import Foundation
import Logging
import RTLSCore
public import ServiceLifecycle
import Synchronization

/// Writes the rules engine's state to `engine-checkpoint.<g>` every `[spool] state_checkpoint_interval`
/// on a thread of its own (the file write never runs under the rules lock or on the cooperative
/// pool); the engine journal covers what happens between checkpoints. A start after a crash
/// rebuilds the state from both, so it raises no alert the killed run had not raised.
public struct EngineCheckpointService: Service {
    let stage: RulesStage
    let files: EngineStateFiles
    let interval: Duration
    let logger: Logger
    private let stopped = Stop()

    final class Stop: Sendable {
        let requested = Atomic<Bool>(false)
    }

    init(stage: RulesStage, files: EngineStateFiles, interval: Duration, logger: Logger) {
        self.stage = stage
        self.files = files
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let loop = self
        await DedicatedThread.run(
            named: "rtlsd-checkpt", { loop.loop() },
            onGracefulShutdown: { loop.stopped.requested.store(true, ordering: .relaxed) },
            onCancel: { loop.stopped.requested.store(true, ordering: .relaxed) })
    }

    private func loop() {
        var failing = false
        while true {
            let deadline = ContinuousClock.now + self.interval
            while ContinuousClock.now < deadline {
                if self.stopped.requested.load(ordering: .relaxed) { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
            if self.stopped.requested.load(ordering: .relaxed) { return }
            do {
                let taken = try self.stage.checkpoint(self.files, now: DaemonClock.now())
                if failing {
                    failing = false
                    self.logger.notice("Engine checkpoint written again", metadata: ["state.tags": "\(taken.tags)"])
                }
                self.logger.debug(
                    "Engine checkpoint written",
                    metadata: ["state.tags": "\(taken.tags)", "state.lock_ms": "\(taken.locked.milliseconds)"])
            } catch {
                if !failing {
                    self.logger.error(
                        "Engine checkpoint not written; the previous one and its journals are kept",
                        metadata: [LogKey.errorMessage: "\(error)"])
                }
                failing = true
            }
        }
    }
}

extension Duration {
    /// Whole milliseconds (for log fields).
    var milliseconds: Int64 { self.components.seconds * 1000 + self.components.attoseconds / 1_000_000_000_000_000 }
}
