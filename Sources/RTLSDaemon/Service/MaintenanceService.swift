import Foundation
public import ServiceLifecycle

/// Runs the ``MaintenanceLoop`` on a thread of its own with a connection of its own, so partition
/// DDL, retention, ledger pruning and TimescaleDB job runs never hold up the writer's connection or
/// thread. Graceful shutdown and cancellation ask the loop to stop and cancel the statement in
/// progress (a `run_job` of a compression policy can take minutes). It sits before the writer in
/// the service group, so it is stopped after the writer has drained.
public struct MaintenanceService: Service {
    let loop: MaintenanceLoop
    let lowerPriority: Int32

    /// Creates the service.
    /// - Parameter lowerPriority: nice levels the thread runs below the process (`[writer] storage_nice`).
    public init(loop: MaintenanceLoop, lowerPriority: Int32 = 0) {
        self.loop = loop
        self.lowerPriority = lowerPriority
    }

    public func run() async throws {
        let loop = self.loop
        await DedicatedThread.run(
            named: "rtlsd-maint", lowerPriority: self.lowerPriority, logger: loop.logger, { loop.run() }, onGracefulShutdown: { loop.requestStop() },
            onCancel: { loop.requestStop() })
    }
}
