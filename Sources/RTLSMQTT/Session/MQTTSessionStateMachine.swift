public import Logging

/// The pure decisions of one MQTT client session: which call to make next, when to retry, what
/// state to publish and what to log. It does no I/O; ``MosquittoClient`` feeds it events from its
/// network thread and carries out the returned ``Action``.
///
/// Logging rule: each *change* of state is logged once. Retries that fail for the same reason as
/// the previous attempt change nothing and log nothing; a different reason is a change.
/// Reconnect delays grow exponentially (`min`, `2·min`, `4·min` …) and are capped at `max`.
/// (libmosquitto's own `mosquitto_reconnect_delay_set(…, exponential = true)` is not used: in 2.0.11
/// it computes `delay · (reconnects+1)²` in whole seconds, quadratic rather than exponential, and it
/// only applies inside `mosquitto_loop_forever`; see `lib/loop.c`.)
public struct MQTTSessionStateMachine: Sendable {
    /// The knobs the decisions depend on.
    public struct Configuration: Sendable, Hashable {
        /// First reconnect delay.
        public var reconnectDelayMin: Duration
        /// Largest reconnect delay.
        public var reconnectDelayMax: Duration
        /// Whether the client asked the broker to keep its session (clean session off).
        public var persistentSession: Bool

        /// Creates a configuration.
        public init(reconnectDelayMin: Duration, reconnectDelayMax: Duration, persistentSession: Bool) {
            self.reconnectDelayMin = reconnectDelayMin
            self.reconnectDelayMax = Swift.max(reconnectDelayMax, reconnectDelayMin)
            self.persistentSession = persistentSession
        }
    }

    /// What the client must do next.
    public enum Action: Sendable, Hashable {
        /// Nothing.
        case none
        /// Start a connection attempt now.
        case connect
        /// Send SUBSCRIBE for every configured filter.
        case subscribe
        /// Wait this long, then report ``reconnectDelayElapsed()``.
        case reconnect(after: Duration)
        /// Send DISCONNECT and keep the loop running until the connection closes.
        case disconnect
        /// Leave the network loop; the session is over.
        case finish
    }

    /// One log line the client should write (fixed message text, specifics in metadata).
    public struct LogEntry: Sendable, Hashable {
        /// Severity.
        public var level: Logger.Level
        /// Fixed text.
        public var message: String
        /// Specifics under dotted keys.
        public var metadata: [String: String]

        /// Creates a log entry.
        public init(level: Logger.Level, message: String, metadata: [String: String] = [:]) {
            self.level = level
            self.message = message
            self.metadata = metadata
        }
    }

    /// The result of one event.
    public struct Transition: Sendable, Hashable {
        /// What to do next.
        public var action: Action
        /// The new state when it changed, else `nil`.
        public var newState: MQTTConnectionState?
        /// What to log, if anything.
        public var log: LogEntry?

        /// Creates a transition.
        public init(action: Action, newState: MQTTConnectionState? = nil, log: LogEntry? = nil) {
            self.action = action
            self.newState = newState
            self.log = log
        }
    }

    /// The current state.
    public private(set) var state: MQTTConnectionState = .connecting
    /// Connection attempts that failed since the last successful CONNACK.
    public private(set) var failedAttempts = 0
    private let configuration: Configuration
    private var everConnected = false
    private var stopping = false
    /// A connection attempt or connection exists whose end has not been reported yet; a second
    /// report of the same end (refusal callback, then the socket closing) is ignored.
    private var linkOpen = false

    /// Creates a machine in the `connecting` state.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The client was started.
    public mutating func start() -> Transition {
        self.linkOpen = true
        return Transition(action: .connect, newState: nil, log: LogEntry(level: .info, message: "MQTT connecting", metadata: [:]))
    }

    /// A connection attempt failed before the broker accepted it (socket error, DNS, TLS, refusal).
    public mutating func connectAttemptFailed(_ reason: MQTTError) -> Transition {
        self.lost(reason, message: "MQTT broker unreachable")
    }

    /// The broker answered CONNECT with a refusal code.
    public mutating func connectionRefused(_ reason: MQTTError) -> Transition {
        self.lost(reason, message: "MQTT broker refused the connection")
    }

    /// An established (or half-established) connection closed without `stop()` asking for it.
    public mutating func connectionLost(_ reason: MQTTError) -> Transition {
        self.lost(reason, message: "MQTT broker unreachable")
    }

    /// The broker accepted CONNECT.
    /// - Parameter sessionPresent: The CONNACK session-present flag.
    public mutating func connectionAccepted(sessionPresent: Bool) -> Transition {
        let attempts = self.failedAttempts
        let reconnect = self.everConnected
        self.failedAttempts = 0
        self.everConnected = true
        let newState = MQTTConnectionState.connected(sessionPresent: sessionPresent)
        self.state = newState
        var metadata = ["mqtt.session_present": "\(sessionPresent)", "mqtt.failed_attempts": "\(attempts)"]
        var level = Logger.Level.info
        var message = "MQTT connected"
        if self.configuration.persistentSession && !sessionPresent {
            metadata["mqtt.session"] = "new"
            if reconnect {
                // The broker forgot us while we were away: whatever was published meanwhile is gone.
                level = .warning
                message = "MQTT broker kept no session for this client id; messages sent while disconnected are lost"
            }
        }
        let log = LogEntry(level: level, message: message, metadata: metadata)
        if self.stopping {
            return Transition(action: .disconnect, newState: newState, log: log)
        }
        return Transition(action: .subscribe, newState: newState, log: log)
    }

    /// The broker answered SUBSCRIBE.
    /// - Parameter rejectedFilters: Filters the broker refused (granted QoS 0x80); empty when all were granted.
    public mutating func subscriptionsAcknowledged(rejectedFilters: [String]) -> Transition {
        guard case .connected(let present) = self.state else {
            return Transition(action: .none, newState: nil, log: nil)
        }
        let newState = MQTTConnectionState.subscribed(sessionPresent: present)
        self.state = newState
        if rejectedFilters.isEmpty {
            return Transition(
                action: .none, newState: newState, log: LogEntry(level: .info, message: "MQTT subscribed", metadata: [:]))
        }
        let log = LogEntry(
            level: .error, message: "MQTT broker rejected subscriptions",
            metadata: ["mqtt.filters": rejectedFilters.joined(separator: " "), "error.code": "subscription_rejected"])
        return Transition(action: .none, newState: newState, log: log)
    }

    /// The reconnect delay returned earlier has passed.
    public mutating func reconnectDelayElapsed() -> Transition {
        if self.stopping { return self.finish(message: "MQTT client stopped") }
        self.linkOpen = true
        return Transition(action: .connect, newState: nil, log: nil)
    }

    /// `stop()` was called.
    public mutating func stopRequested() -> Transition {
        guard !self.stopping else { return Transition(action: .none, newState: nil, log: nil) }
        self.stopping = true
        switch self.state {
        case .connected, .subscribed:
            return Transition(action: .disconnect, newState: nil, log: nil)
        case .connecting, .disconnected, .stopped:
            return self.finish(message: "MQTT client stopped")
        }
    }

    /// The DISCONNECT packet went out and the connection closed.
    public mutating func disconnectCompleted() -> Transition {
        self.linkOpen = false
        return self.finish(message: "MQTT disconnected cleanly")
    }

    /// The delay before reconnect attempt number `attempt` (1-based): `min · 2^(attempt-1)`, at most `max`.
    public func reconnectDelay(attempt: Int) -> Duration {
        let cap = self.configuration.reconnectDelayMax
        var delay = self.configuration.reconnectDelayMin
        var step = 1
        while step < attempt && delay < cap {
            delay = delay * 2
            step += 1
        }
        return Swift.min(delay, cap)
    }

    private mutating func lost(_ reason: MQTTError, message: String) -> Transition {
        guard self.linkOpen else { return Transition(action: .none, newState: nil, log: nil) }
        self.linkOpen = false
        if self.stopping { return self.finish(message: "MQTT client stopped") }
        self.failedAttempts += 1
        let delay = self.reconnectDelay(attempt: self.failedAttempts)
        let newState = MQTTConnectionState.disconnected(reason)
        guard newState != self.state else {
            return Transition(action: .reconnect(after: delay), newState: nil, log: nil)
        }
        let wasUp = self.isUp
        self.state = newState
        let log = LogEntry(
            level: .warning, message: wasUp ? "MQTT connection lost" : message,
            metadata: [
                "error.code": reason.code.description, "error.message": reason.detail,
                "mqtt.retry_in": "\(delay)",
            ])
        return Transition(action: .reconnect(after: delay), newState: newState, log: log)
    }

    private var isUp: Bool {
        switch self.state {
        case .connected, .subscribed: true
        case .connecting, .disconnected, .stopped: false
        }
    }

    private mutating func finish(message: String) -> Transition {
        let changed = self.state != .stopped
        self.state = .stopped
        return Transition(
            action: .finish, newState: changed ? .stopped : nil,
            log: changed ? LogEntry(level: .info, message: message, metadata: [:]) : nil)
    }
}
