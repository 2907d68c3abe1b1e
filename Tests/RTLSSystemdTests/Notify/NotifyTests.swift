import Glibc
import RTLSSystemd
import RTLSTestSupport
import Testing

/// The notifier with an explicit socket path: our own datagram send, no process environment.
@Suite struct NotifyTests {
    /// Sends the full lifecycle and returns what the socket received, in order.
    private func lifecycle(_ notifier: SystemdNotifier, receiver: UnixDatagramReceiver) throws -> [String] {
        try notifier.ready(status: "starting up")
        try notifier.status("42 readings/s")
        try notifier.watchdog()
        try notifier.reloading()
        try notifier.ready()
        try notifier.stopping()
        var received: [String] = []
        while let datagram = receiver.receive() { received.append(datagram) }
        return received
    }

    @Test func explicitSocketReceivesLifecycleInOrder() throws {
        let receiver = try UnixDatagramReceiver(path: UnixDatagramReceiver.temporaryPath())
        defer { receiver.close() }
        let notifier = SystemdNotifier(socketPath: receiver.path, watchdogInterval: .seconds(30))
        #expect(notifier.isEnabled)
        #expect(notifier.socketPath == receiver.path)
        #expect(notifier.watchdogInterval == .seconds(30))
        #expect(notifier.watchdogTick == .seconds(15))

        let before = SystemdNotifier.monotonicMicroseconds()
        let received = try self.lifecycle(notifier, receiver: receiver)
        let after = SystemdNotifier.monotonicMicroseconds()

        try #require(received.count == 6)
        #expect(received[0] == "READY=1\nSTATUS=starting up")
        #expect(received[1] == "STATUS=42 readings/s")
        #expect(received[2] == "WATCHDOG=1")
        let reload = received[3].split(separator: "\n")
        try #require(reload.count == 2)
        #expect(reload[0] == "RELOADING=1")
        #expect(reload[1].hasPrefix("MONOTONIC_USEC="))
        let usec = try #require(UInt64(reload[1].dropFirst("MONOTONIC_USEC=".count)))
        #expect(usec >= before && usec <= after)
        #expect(received[4] == "READY=1")
        #expect(received[5] == "STOPPING=1")
    }

    @Test func abstractSocketName() throws {
        let name = "@rtlsd-test-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let receiver = try UnixDatagramReceiver(path: name)
        defer { receiver.close() }
        try SystemdNotifier(socketPath: name).watchdog()
        #expect(receiver.receive() == "WATCHDOG=1")
        #expect(receiver.receive() == nil)
    }

    @Test func statusNewlinesAreFlattened() throws {
        let receiver = try UnixDatagramReceiver(path: UnixDatagramReceiver.temporaryPath())
        defer { receiver.close() }
        try SystemdNotifier(socketPath: receiver.path).status("line one\nREADY=1")
        #expect(receiver.receive() == "STATUS=line one READY=1")
    }

    @Test(arguments: ["relative/notify.sock", "", "/" + String(repeating: "x", count: 200)])
    func invalidSocketPathThrows(path: String) {
        #expect {
            try SystemdNotifier(socketPath: path).ready()
        } throws: { error in
            (error as? NotifyError)?.code == .invalidSocketPath
        }
    }

    @Test func missingSocketThrowsSendFailedWithSentence() throws {
        let path = UnixDatagramReceiver.temporaryPath(prefix: "rtlsd-absent")
        let error = try #require(throws: NotifyError.self) {
            try SystemdNotifier(socketPath: path).watchdog()
        }
        #expect(error.code == .sendFailed)
        #expect(error.message == "WATCHDOG=1")
        #expect(error.description.contains(path))
        #expect(error.description.contains("watchdog"))
    }
}

/// The notifier built from the real environment: libsystemd's `sd_notify` and `sd_watchdog_enabled`.
/// Serialized because the environment is process-wide.
@Suite(.serialized) struct NotifyEnvironmentTests {
    @Test func sdNotifyPathDeliversLifecycleInOrder() throws {
        let receiver = try UnixDatagramReceiver(path: UnixDatagramReceiver.temporaryPath())
        defer { receiver.close() }
        let variables: [String: String?] = [
            "NOTIFY_SOCKET": receiver.path, "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": String(getpid()),
        ]
        let notifier = ProcessEnvironment.with(variables) { SystemdNotifier() }
        #expect(notifier.isEnabled)
        #expect(notifier.socketPath == receiver.path)
        #expect(notifier.watchdogInterval == .seconds(30))

        let received = try ProcessEnvironment.with(variables) { () throws -> [String] in
            try notifier.ready(status: "up")
            try notifier.watchdog()
            try notifier.reloading()
            try notifier.ready()
            try notifier.stopping()
            var received: [String] = []
            while let datagram = receiver.receive() { received.append(datagram) }
            return received
        }
        try #require(received.count == 5)
        #expect(received[0] == "READY=1\nSTATUS=up")
        #expect(received[1] == "WATCHDOG=1")
        #expect(received[2].hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
        #expect(received[3] == "READY=1")
        #expect(received[4] == "STOPPING=1")
    }

    @Test func watchdogForAnotherProcessIsIgnored() {
        let variables: [String: String?] = [
            "NOTIFY_SOCKET": "/run/nonexistent.sock", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1",
        ]
        let notifier = ProcessEnvironment.with(variables) { SystemdNotifier() }
        #expect(notifier.watchdogInterval == nil)
    }

    @Test func withoutNotifySocketEverythingIsANoOp() throws {
        let variables: [String: String?] = ["NOTIFY_SOCKET": nil, "WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]
        let notifier = ProcessEnvironment.with(variables) { SystemdNotifier() }
        #expect(!notifier.isEnabled)
        #expect(notifier.socketPath == nil)
        #expect(notifier.watchdogInterval == nil)
        #expect(notifier.watchdogTick == nil)
        try ProcessEnvironment.with(variables) {
            try notifier.ready(status: "up")
            try notifier.watchdog()
            try notifier.reloading()
            try notifier.stopping()
        }
    }
}
