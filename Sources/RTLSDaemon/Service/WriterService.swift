import Foundation
public import ServiceLifecycle

/// Runs the ``WriterLoop`` on its own thread (blocking libpq never runs on the cooperative pool).
/// Graceful shutdown asks the loop to drain within the drain timeout; cancellation gives up at once.
public struct WriterService: Service {
    let loop: WriterLoop
    let drainTimeout: Duration

    /// Creates the service.
    public init(loop: WriterLoop, drainTimeout: Duration) {
        self.loop = loop
        self.drainTimeout = drainTimeout
    }

    public func run() async throws {
        let loop = self.loop
        let drainTimeout = self.drainTimeout
        await DedicatedThread.run(
            named: "rtlsd-writer", { loop.run() }, onGracefulShutdown: { loop.requestStop(timeout: drainTimeout) },
            onCancel: { loop.requestStop(timeout: .zero) })
    }
}
