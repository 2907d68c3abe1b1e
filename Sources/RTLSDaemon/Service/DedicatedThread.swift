import Foundation
import Logging
import RTLSSystemd
import ServiceLifecycle

/// Runs a blocking loop on a named thread of its own (blocking libpq never runs on the cooperative
/// pool) until it returns; graceful shutdown and cancellation each call their stop request, which
/// makes the loop return. The name (at most 15 bytes) is what `top -H` and `/proc/<pid>/task` show.
enum DedicatedThread {
    /// - Parameter lowerPriority: nice levels the thread runs below the process (`[writer]
    ///   storage_nice` for the storage threads), so MQTT intake wins the CPU when it is short; a
    ///   refusal is logged and the thread runs at the process's priority.
    static func run(
        named name: String, lowerPriority: Int32 = 0, logger: Logger? = nil, _ body: @escaping @Sendable () -> Void,
        onGracefulShutdown: @escaping @Sendable () -> Void, onCancel: @escaping @Sendable () -> Void
    ) async {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let thread = Thread {
                        ThreadName.setCurrent(name)
                        if lowerPriority > 0 {
                            do {
                                try ThreadPriority.lowerCurrentThread(by: lowerPriority)
                            } catch {
                                logger?.warning("\(error)", metadata: ["thread": "\(name)"])
                            }
                        }
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
