#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A joinable OS thread for the blocking libmosquitto loop, kept off Swift's cooperative pool.
///
/// Why not `mosquitto_loop_start`: its thread runs `mosquitto_loop_forever`, which in 2.0.11 returns
/// and ends the thread for good on NOMEM, PROTOCOL, INVAL, NOT_FOUND, TLS, PAYLOAD_SIZE,
/// NOT_SUPPORTED, AUTH, ACL_DENIED, UNKNOWN, EAI, PROXY and on errno EPROTO (`lib/loop.c`,
/// `mosquitto_loop_forever`, tag v2.0.11). A daemon has to keep retrying through a TLS error or a DNS
/// outage, so rtlsd runs its own thread around `mosquitto_loop` with `mosquitto_threaded_set(true)`
/// and keeps the retry policy in `MQTTSessionStateMachine`.
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

    /// Sleeps the calling OS thread (the network thread between reconnect attempts).
    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while unsafe nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}
