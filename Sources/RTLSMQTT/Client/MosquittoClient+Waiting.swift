/// Waiting for the client to reach a state or drain its publish queue, for callers that must not
/// go on before (readiness, the simulator's exit, tests). Polls; never blocks a thread.
extension MosquittoClient {
    private static let pollInterval = Duration.milliseconds(2)

    /// Waits until at most `limit` publishes are unacknowledged.
    /// - Parameters:
    ///   - limit: How many may stay pending (0: wait for all).
    ///   - timeout: How long to wait at most.
    /// - Returns: `true` when the queue drained to `limit`, `false` on timeout or cancellation.
    public func waitForPublishes(atMost limit: Int = 0, timeout: Duration) async -> Bool {
        await self.poll(timeout: timeout) { $0.pendingPublishes <= limit }
    }

    /// Waits until the connection state satisfies `predicate`.
    /// - Returns: `true` when it did, `false` on timeout or cancellation.
    public func waitForState(
        timeout: Duration, where predicate: @Sendable (MQTTConnectionState) -> Bool
    ) async -> Bool {
        await self.poll(timeout: timeout) { predicate($0.state) }
    }

    /// Waits until every subscription is acknowledged (or, for a publish-only client, until connected).
    public func waitUntilReady(timeout: Duration) async -> Bool {
        await self.waitForState(timeout: timeout) { state in
            switch state {
            case .subscribed: true
            case .connected: !self.hasSubscriptions
            case .connecting, .disconnected, .stopped: false
            }
        }
    }

    private func poll(timeout: Duration, _ done: (MosquittoClient) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !done(self) {
            guard ContinuousClock.now < deadline else { return false }
            do { try await Task.sleep(for: Self.pollInterval) } catch { return false }
        }
        return true
    }
}
