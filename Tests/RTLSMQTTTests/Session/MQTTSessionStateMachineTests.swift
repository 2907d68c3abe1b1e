import Logging
import RTLSMQTT
import Testing

@Suite struct MQTTSessionStateMachineTests {
    typealias Machine = MQTTSessionStateMachine

    static let refused = MQTTError(.connectionFailed, detail: "Connection refused")
    static let reset = MQTTError(.connectionLost, detail: "connection reset")

    func machine(min: Duration = .seconds(1), max: Duration = .seconds(60), persistent: Bool = true) -> Machine {
        Machine(configuration: .init(reconnectDelayMin: min, reconnectDelayMax: max, persistentSession: persistent))
    }

    @Test func startConnectsThenSubscribesOnAccept() {
        var m = self.machine()
        #expect(m.start().action == .connect)
        let accepted = m.connectionAccepted(sessionPresent: true)
        #expect(accepted.action == .subscribe)
        #expect(accepted.newState == .connected(sessionPresent: true))
        let subscribed = m.subscriptionsAcknowledged(rejectedFilters: [])
        #expect(subscribed.action == .none)
        #expect(subscribed.newState == .subscribed(sessionPresent: true))
        #expect(subscribed.log?.level == .info)
    }

    @Test func retriesWithTheSameReasonLogOnce() {
        var m = self.machine()
        _ = m.start()
        var logs = 0
        var delays: [Duration] = []
        for _ in 0..<5 {
            let failed = m.connectAttemptFailed(Self.refused)
            if failed.log != nil { logs += 1 }
            guard case .reconnect(let delay) = failed.action else {
                Issue.record("expected reconnect, got \(failed.action)")
                return
            }
            delays.append(delay)
            #expect(m.reconnectDelayElapsed().action == .connect)
        }
        #expect(logs == 1)
        #expect(m.state == .disconnected(Self.refused))
        #expect(m.failedAttempts == 5)
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16)])
    }

    @Test func aDifferentReasonIsAChangeAndIsLogged() {
        var m = self.machine()
        _ = m.start()
        #expect(m.connectAttemptFailed(Self.refused).log != nil)
        _ = m.reconnectDelayElapsed()
        let other = MQTTError(.lookupFailed, detail: "Lookup error.")
        let failed = m.connectAttemptFailed(other)
        #expect(failed.newState == .disconnected(other))
        #expect(failed.log?.level == .warning)
    }

    @Test(arguments: [(1, 1), (2, 2), (3, 4), (6, 32), (7, 60), (50, 60), (10_000, 60)])
    func backoffDoublesUpToTheCap(attempt: Int, seconds: Int) {
        #expect(self.machine().reconnectDelay(attempt: attempt) == .seconds(seconds))
    }

    @Test func backoffCapBelowMinimumUsesMinimum() {
        let m = self.machine(min: .milliseconds(500), max: .milliseconds(100))
        #expect(m.reconnectDelay(attempt: 3) == .milliseconds(500))
    }

    @Test func refusalFollowedBySocketCloseIsOneFailure() {
        var m = self.machine()
        _ = m.start()
        let notAuthorized = MQTTError(.notAuthorized, detail: "not authorised")
        let refused = m.connectionRefused(notAuthorized)
        #expect(refused.action == .reconnect(after: .seconds(1)))
        #expect(refused.log?.message == "MQTT broker refused the connection")
        let closed = m.connectionLost(Self.reset)
        #expect(closed == .init(action: .none, newState: nil, log: nil))
        #expect(m.failedAttempts == 1)
        #expect(m.state == .disconnected(notAuthorized))
    }

    @Test func lossAfterSubscribeSaysConnectionLostAndResubscribesOnReconnect() {
        var m = self.machine()
        _ = m.start()
        _ = m.connectionAccepted(sessionPresent: false)
        _ = m.subscriptionsAcknowledged(rejectedFilters: [])
        let lost = m.connectionLost(Self.reset)
        #expect(lost.log?.message == "MQTT connection lost")
        #expect(lost.newState == .disconnected(Self.reset))
        #expect(m.reconnectDelayElapsed().action == .connect)
        let again = m.connectionAccepted(sessionPresent: true)
        #expect(again.action == .subscribe)
        #expect(m.failedAttempts == 0)
    }

    @Test func reconnectWithoutSessionWarnsForPersistentSessionsOnly() {
        var persistent = self.machine(persistent: true)
        _ = persistent.start()
        #expect(persistent.connectionAccepted(sessionPresent: false).log?.level == .info)
        _ = persistent.connectionLost(Self.reset)
        _ = persistent.reconnectDelayElapsed()
        #expect(persistent.connectionAccepted(sessionPresent: false).log?.level == .warning)

        var clean = self.machine(persistent: false)
        _ = clean.start()
        _ = clean.connectionAccepted(sessionPresent: false)
        _ = clean.connectionLost(Self.reset)
        _ = clean.reconnectDelayElapsed()
        #expect(clean.connectionAccepted(sessionPresent: false).log?.level == .info)
    }

    @Test func rejectedSubscriptionsAreLoggedAsErrors() {
        var m = self.machine()
        _ = m.start()
        _ = m.connectionAccepted(sessionPresent: false)
        let t = m.subscriptionsAcknowledged(rejectedFilters: ["secret/#"])
        #expect(t.log?.level == .error)
        #expect(t.log?.metadata["mqtt.filters"] == "secret/#")
    }

    @Test func subackOutsideAConnectionIsIgnored() {
        var m = self.machine()
        _ = m.start()
        #expect(m.subscriptionsAcknowledged(rejectedFilters: []) == .init(action: .none, newState: nil, log: nil))
    }

    @Test func stopWhileSubscribedDisconnectsThenFinishes() {
        var m = self.machine()
        _ = m.start()
        _ = m.connectionAccepted(sessionPresent: true)
        _ = m.subscriptionsAcknowledged(rejectedFilters: [])
        #expect(m.stopRequested().action == .disconnect)
        #expect(m.stopRequested().action == .none)
        let done = m.disconnectCompleted()
        #expect(done.action == .finish)
        #expect(done.newState == .stopped)
        #expect(done.log?.message == "MQTT disconnected cleanly")
    }

    @Test func stopWhileWaitingFinishesAtOnce() {
        var m = self.machine()
        _ = m.start()
        _ = m.connectAttemptFailed(Self.refused)
        let t = m.stopRequested()
        #expect(t.action == .finish)
        #expect(m.state == .stopped)
    }

    @Test func lossWhileDisconnectingFinishesWithoutReconnecting() {
        var m = self.machine()
        _ = m.start()
        _ = m.connectionAccepted(sessionPresent: true)
        _ = m.stopRequested()
        #expect(m.connectionLost(Self.reset).action == .finish)
        #expect(m.state == .stopped)
    }

    @Test func acceptRacingAStopDisconnects() {
        var m = self.machine()
        _ = m.start()
        _ = m.connectAttemptFailed(Self.refused)
        _ = m.reconnectDelayElapsed()
        // The stop arrives while the attempt is in flight: the machine finishes; a late CONNACK after
        // stop (not possible once the loop has ended, but cheap to pin down) asks for a disconnect.
        #expect(m.stopRequested().action == .finish)
        #expect(m.connectionAccepted(sessionPresent: true).action == .disconnect)
    }
}
