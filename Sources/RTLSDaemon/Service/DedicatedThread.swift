import Foundation
import ServiceLifecycle

/// Runs a blocking loop on a named thread of its own (blocking libpq never runs on the cooperative
/// pool) until it returns; graceful shutdown and cancellation each call their stop request, which
/// makes the loop return.
enum DedicatedThread {
    static func run(
        named name: String, _ body: @escaping @Sendable () -> Void, onGracefulShutdown: @escaping @Sendable () -> Void,
        onCancel: @escaping @Sendable () -> Void
    ) async {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let thread = Thread {
                        body()
                        continuation.resume()
                    }
                    thread.name = name
                    thread.start()
                }
            } onGracefulShutdown: {
                onGracefulShutdown()
            }
        } onCancel: {
            onCancel()
        }
    }
}
