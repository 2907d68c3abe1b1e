import Foundation
public import ServiceLifecycle

/// Runs the ``MaintenanceLoop`` on a thread of its own with a connection of its own, so partition
/// DDL, retention, ledger pruning and TimescaleDB job runs never hold up the writer's connection or
/// thread. Graceful shutdown and cancellation ask the loop to stop; a statement in progress (a
/// `run_job` of a compression policy can take minutes) finishes first. It sits before the writer in
/// the service group, so it is stopped after the writer has drained.
public struct MaintenanceService: Service {
    let loop: MaintenanceLoop

    /// Creates the service.
    public init(loop: MaintenanceLoop) {
        self.loop = loop
    }

    public func run() async throws {
        let loop = self.loop
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let thread = Thread {
                        loop.run()
                        continuation.resume()
                    }
                    thread.name = "rtlsd-maintenance"
                    thread.start()
                }
            } onGracefulShutdown: {
                loop.requestStop()
            }
        } onCancel: {
            loop.requestStop()
        }
    }
}
