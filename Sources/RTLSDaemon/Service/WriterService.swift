import Foundation
public import ServiceLifecycle

/// Runs the ``WriterLoop`` on its own thread (blocking libpq never runs on the cooperative pool).
/// Graceful shutdown asks the loop to drain within the drain timeout; cancellation gives up at once.
public struct WriterService: Service {
    let loop: WriterLoop
    let drainTimeout: Duration
    let lowerPriority: Int32

    /// Creates the service.
    /// - Parameter lowerPriority: nice levels the writer thread runs below the process (`[writer] storage_nice`).
    public init(loop: WriterLoop, drainTimeout: Duration, lowerPriority: Int32 = 0) {
        self.loop = loop
        self.drainTimeout = drainTimeout
        self.lowerPriority = lowerPriority
    }

    public func run() async throws {
        let loop = self.loop
        let drainTimeout = self.drainTimeout
        await DedicatedThread.run(
            named: "rtlsd-writer", lowerPriority: self.lowerPriority, logger: loop.logger, { loop.run() }, onGracefulShutdown: { loop.requestStop(timeout: drainTimeout) },
            onCancel: { loop.requestStop(timeout: .zero) })
    }
}
