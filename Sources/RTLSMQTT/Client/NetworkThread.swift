#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A joinable OS thread for the blocking libmosquitto loop, kept off Swift's cooperative pool.
struct NetworkThread: Sendable {
    /// Boxes the thread body so it can cross into C as one pointer.
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    private let id: pthread_t

    /// Starts a thread running `body`.
    /// - Parameters:
    ///   - body: What the thread runs; the thread ends when it returns.
    /// - Throws: `MQTTError` (`outOfMemory`) when the system refuses a new thread.
    static func start(_ body: @escaping @Sendable () -> Void) throws(MQTTError) -> NetworkThread {
        // SAFETY: the box is retained here and released exactly once, by the thread (takeRetainedValue),
        // or below when pthread_create fails and the thread never runs.
        let context = unsafe Unmanaged.passRetained(Body(body)).toOpaque()
        var id = pthread_t()
        let rc = unsafe pthread_create(
            &id, nil,
            { context in
                guard let context = unsafe context else { return nil }
                let body = unsafe Unmanaged<Body>.fromOpaque(context).takeRetainedValue()
                body.run()
                return nil
            }, context)
        guard rc == 0 else {
            unsafe Unmanaged<Body>.fromOpaque(context).release()
            throw MQTTError(.outOfMemory, detail: "could not start the MQTT network thread (error \(rc))")
        }
        return NetworkThread(id: id)
    }

    /// Waits for the thread to end.
    func join() {
        let rc = pthread_join(self.id, nil)
        precondition(rc == 0, "pthread_join on the MQTT network thread failed (\(rc)): joined twice or from itself")
    }
}
