// MosquittoClient: the only file (with MosquittoStatus.swift) that imports CMosquitto.
//
// When libmosquitto acknowledges a QoS 1 message, and what that means for a crash and a clean stop:
// MosquittoClient+Session.swift.
//
// Other libmosquitto 2.0.11 facts this module relies on are written where they matter:
// NetworkThread.swift (why not `mosquitto_loop_start`), MQTTSessionStateMachine.swift (why not
// `mosquitto_reconnect_delay_set`), `publish` below (the unbounded outgoing queue) and
// MQTTConfiguration.sessionExpiry (MQTT 5 sessions).
//
// SAFETY (file): `MosquittoClient` is handed to C as userdata with `Unmanaged.passRetained` in `start`
// and released in `stop` only after the network thread has been joined; every callback runs on that
// thread, inside `mosquitto_loop`, so the pointer is valid whenever a callback dereferences it. The
// `mosquitto *` handle lives from `init` to `deinit`; the only calls made on it from other threads
// are `mosquitto_publish` (thread-safe once `mosquitto_threaded_set(true)`), guarded by `running`.
public import Logging
private import CMosquitto
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An MQTT client on libmosquitto: connects, keeps a persistent session, resubscribes on every
/// reconnect, delivers messages to one handler, and publishes.
///
/// ```swift
/// let client = try MosquittoClient(configuration: config, logger: logger)
/// try client.start(subscriptions: [MQTTSubscription("site1/#")]) { message in
///     decode(message.topic, message.payload)   // runs on the network thread; return quickly
/// }
/// …
/// client.stop()
/// ```
///
/// - Important: `start` once, `stop` once. Between them the client keeps itself alive (the C library
///   holds a reference), so a started client must be stopped.
// SAFETY: `@safe` because the only unsafe storage is the `mosquitto *` handle, which is private,
// created in `init`, destroyed in `deinit`, and never handed out.
@safe public final class MosquittoClient: @unchecked Sendable {
    // SAFETY: `@unchecked Sendable` because the `network*` properties below are mutable. They are
    // written in `start` before the network thread exists (pthread_create orders those writes before
    // the thread's first read) and afterwards touched only by the network thread, which `stop` joins
    // before returning. Everything other threads touch is immutable, a `Mutex` or an `Atomic`.

    private enum Lifecycle { case idle, running(NetworkThread), stopped }

    let configuration: MQTTConfiguration
    let logger: Logger
    private let handle: OpaquePointer
    let onStateChange: (@Sendable (MQTTConnectionState) -> Void)?
    private let lifecycle = Mutex<Lifecycle>(.idle)
    let currentState = Mutex<MQTTConnectionState>(.connecting)
    let stopRequested = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)
    private let pending = Atomic<Int>(0)
    private let subscriptionCount = Atomic<Int>(0)

    // Network thread only (see SAFETY above).
    var networkMachine: MQTTSessionStateMachine
    var networkPhase = Phase.connect
    /// libmosquitto's last error log line (its log callback), added to the next connection failure.
    let libraryError = Mutex<String?>(nil)
    /// Where a clean stop reads to what it throws away (``HalfClosedSocket/discardIncoming``).
    var networkScratch = [UInt8](repeating: 0, count: 65_536)
    var networkSubscriptions: [MQTTSubscription] = []
    var networkPendingSubscribes: [Int32: String] = [:]
    var networkRejectedFilters: [String] = []
    var networkHandler: (@Sendable (borrowing MQTTMessage) -> Void)?
    var networkTopic: [UInt8] = []
    var networkPayload: [UInt8] = []
    var networkTopics = TopicInterner()
    var networkConnectInitialised = false
    var networkStopSeen = false

    /// Creates a client and checks its configuration; nothing touches the network until `start`.
    /// - Parameters:
    ///   - configuration: Broker, session and TLS settings.
    ///   - logger: Where state changes are logged (one line per change, never per message or retry).
    ///   - onStateChange: Called on the network thread after each state change; keep it short.
    /// - Throws: `MQTTError` with `invalidConfiguration` or `tls` naming the bad value, `outOfMemory`.
    public init(
        configuration: MQTTConfiguration, logger: Logger,
        onStateChange: (@Sendable (MQTTConnectionState) -> Void)? = nil
    ) throws(MQTTError) {
        try configuration.validate()
        _ = mosquittoLibrary
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "mqtt.broker"] = "\(configuration.host):\(configuration.port)"
        if let id = configuration.clientID { logger[metadataKey: "mqtt.client_id"] = "\(id)" }
        self.logger = logger
        self.onStateChange = onStateChange
        self.networkMachine = MQTTSessionStateMachine(
            configuration: .init(
                reconnectDelayMin: configuration.reconnectDelayMin, reconnectDelayMax: configuration.reconnectDelayMax,
                persistentSession: !configuration.cleanSession))
        // userdata NULL: libmosquitto then uses the handle itself; `start` installs the real pointer
        // before any connection can produce a callback.
        guard let handle = unsafe mosquitto_new(configuration.clientID, configuration.cleanSession, nil) else {
            throw MQTTError(.outOfMemory, detail: "mosquitto_new failed")
        }
        unsafe self.handle = handle
        // Every stored property is set, so if this throws Swift runs `deinit`, which destroys the
        // handle: destroying it here as well would free it twice.
        try self.configure()
    }

    deinit {
        unsafe mosquitto_destroy(self.handle)
    }

    /// Whether `start` was given any subscription.
    var hasSubscriptions: Bool { self.subscriptionCount.load(ordering: .relaxed) > 0 }

    /// The connection state as of now.
    public var state: MQTTConnectionState { self.currentState.withLock { $0 } }

    /// Messages passed to `publish` that are not yet acknowledged (QoS 1/2) or written (QoS 0).
    public var pendingPublishes: Int { self.pending.load(ordering: .relaxed) }

    private func configure() throws(MQTTError) {
        let config = self.configuration
        // SAFETY (calls below): `self.handle` is valid from `init` to `deinit`; Swift strings passed as
        // `const char *` live for the call and libmosquitto copies them (`mosquitto__strdup`).
        unsafe mosquitto_threaded_set(self.handle, true)
        let version = config.protocolVersion == .v5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311
        try MosquittoStatus.check(
            unsafe mosquitto_int_option(self.handle, MOSQ_OPT_PROTOCOL_VERSION, version), "MOSQ_OPT_PROTOCOL_VERSION")
        try MosquittoStatus.check(
            unsafe mosquitto_int_option(self.handle, MOSQ_OPT_SEND_MAXIMUM, Int32(config.maxInflight)),
            "MOSQ_OPT_SEND_MAXIMUM")
        if let username = config.username {
            try MosquittoStatus.check(
                unsafe mosquitto_username_pw_set(self.handle, username, config.password), "mosquitto_username_pw_set",
                invalid: .invalidConfiguration)
        }
        if let tls = config.tls {
            try MosquittoStatus.check(
                unsafe mosquitto_tls_set(self.handle, tls.caFile, nil, tls.certFile, tls.keyFile, nil),
                "mosquitto_tls_set (CA, certificate and key files must exist and be readable)", invalid: .tls)
            try MosquittoStatus.check(
                unsafe mosquitto_tls_insecure_set(self.handle, tls.insecure), "mosquitto_tls_insecure_set")
        }
        // SAFETY (callbacks): they capture nothing, so they convert to C function pointers; they run
        // only on the network thread, inside `mosquitto_loop`, while `userdata` is the retained client.
        unsafe mosquitto_connect_v5_callback_set(self.handle) { _, userdata, rc, flags, _ in
            unsafe MosquittoClient.from(userdata)?.networkDidConnect(rc: rc, flags: flags)
        }
        unsafe mosquitto_disconnect_callback_set(self.handle) { _, userdata, rc in
            unsafe MosquittoClient.from(userdata)?.networkDidDisconnect(rc: rc)
        }
        unsafe mosquitto_subscribe_callback_set(self.handle) { _, userdata, mid, count, granted in
            guard let client = unsafe MosquittoClient.from(userdata) else { return }
            var rejected = false
            // SAFETY: libmosquitto passes `count` granted-QoS entries, valid for this call.
            if let granted = unsafe granted {
                for index in 0..<Int(count) where unsafe granted[index] >= 0x80 { rejected = true }
            }
            client.networkDidSubscribe(mid: mid, rejected: rejected)
        }
        unsafe mosquitto_publish_callback_set(self.handle) { _, userdata, _ in
            unsafe MosquittoClient.from(userdata)?.pending.subtract(1, ordering: .relaxed)
        }
        unsafe mosquitto_log_callback_set(self.handle) { _, userdata, level, text in
            // Only errors: libmosquitto's reason behind a bare MOSQ_ERR_TLS ("OpenSSL Error[0]:
            // error:0A000086:SSL routines::certificate verify failed"), kept for the next failure.
            guard level & Int32(MOSQ_LOG_ERR) != 0, let text = unsafe text,
                let client = unsafe MosquittoClient.from(userdata)
            else { return }
            // SAFETY: libmosquitto passes a NUL-terminated string valid for this call; it is copied.
            let line = unsafe String(cString: text)
            client.libraryError.withLock { $0 = line }
        }
        unsafe mosquitto_message_callback_set(self.handle) { _, userdata, message in
            guard let client = unsafe MosquittoClient.from(userdata), let message = unsafe message else { return }
            unsafe client.networkDeliver(message.pointee)
        }
    }

    /// Recovers the client from C userdata (the retained pointer `start` installed).
    private static func from(_ userdata: UnsafeMutableRawPointer?) -> MosquittoClient? {
        guard let userdata = unsafe userdata else { return nil }
        return unsafe Unmanaged<MosquittoClient>.fromOpaque(userdata).takeUnretainedValue()
    }
}

// MARK: - start / stop

extension MosquittoClient {
    /// Starts the network thread: connect, subscribe on every successful (re)connect, deliver messages.
    /// - Parameters:
    ///   - subscriptions: Filters to subscribe to; empty for a publish-only client.
    ///   - onMessage: Called on the network thread for every message, with a message it may read but
    ///     should not keep. Return quickly: PUBACK is already on its way (see the file header) and the
    ///     next message waits.
    ///   - onThreadStart: Runs first on the new network thread (to name it and set its priority).
    /// - Throws: `MQTTError` with `invalidTopicFilter` naming a bad filter, `alreadyStarted`, `outOfMemory`.
    public func start(
        subscriptions: [MQTTSubscription] = [],
        onMessage: @escaping @Sendable (borrowing MQTTMessage) -> Void = { _ in },
        onThreadStart: (@Sendable () -> Void)? = nil
    ) throws(MQTTError) {
        for subscription in subscriptions {
            let rc = unsafe mosquitto_sub_topic_check(subscription.filter)
            guard MosquittoStatus.isSuccess(rc) else {
                throw MQTTError(.invalidTopicFilter, detail: "\"\(subscription.filter)\" is not a valid MQTT topic filter")
            }
        }
        try self.lifecycle.withLock { (lifecycle) throws(MQTTError) in
            guard case .idle = lifecycle else { throw MQTTError(.alreadyStarted, detail: "start called twice") }
            self.networkSubscriptions = subscriptions
            self.subscriptionCount.store(subscriptions.count, ordering: .relaxed)
            self.networkHandler = onMessage
            // SAFETY: retained for C; released in `stop` after the thread is joined (or below on failure).
            let userdata = unsafe Unmanaged.passRetained(self).toOpaque()
            unsafe mosquitto_user_data_set(self.handle, userdata)
            self.running.store(true, ordering: .releasing)
            do throws(MQTTError) {
                let thread = try NetworkThread.start {
                    onThreadStart?()
                    self.networkMain()
                }
                lifecycle = .running(thread)
            } catch {
                self.running.store(false, ordering: .releasing)
                unsafe Unmanaged<MosquittoClient>.fromOpaque(userdata).release()
                throw error
            }
        }
    }

    /// Disconnects cleanly (so the broker keeps the persistent session), ends the network thread and
    /// waits for it. Idempotent.
    ///
    /// - Important: Never call it from the message handler or `onStateChange` (they run on the thread
    ///   it joins). Blocks the calling thread until the DISCONNECT is written or a short grace period
    ///   (3 s) passes; while a connection attempt is blocked in DNS or an MQTT 5 connect, until that returns.
    public func stop() {
        let thread: NetworkThread? = self.lifecycle.withLock { lifecycle in
            defer { lifecycle = .stopped }
            if case .running(let thread) = lifecycle { return thread }
            return nil
        }
        guard let thread else { return }
        self.stopRequested.store(true, ordering: .releasing)
        thread.join()
        self.running.store(false, ordering: .releasing)
        // SAFETY: the network thread is joined, so no callback can run; drop C's reference.
        unsafe mosquitto_user_data_set(self.handle, nil)
        unsafe Unmanaged.passUnretained(self).release()
    }
}

// MARK: - publish

extension MosquittoClient {
    /// Queues a message for the broker. Thread-safe; never blocks on the network.
    ///
    /// QoS 1/2 messages are queued even while disconnected and sent after the reconnect. libmosquitto
    /// keeps at most `maxInflight` unacknowledged (`MOSQ_OPT_SEND_MAXIMUM`) and queues the rest in
    /// memory without limit (`msgs_out`, 2.0.11): nothing refuses a publish, so fast publishers watch
    /// ``pendingPublishes`` or call ``waitForPublishes(atMost:timeout:)`` to bound the queue. Keep it
    /// well below 65,535: message ids are assigned at publish time and would repeat. Messages still
    /// queued when `stop` runs are lost, so wait for the queue first.
    /// - Parameters:
    ///   - topic: A concrete topic (no `+` or `#`).
    ///   - payload: The bytes; libmosquitto copies them.
    ///   - qos: Delivery guarantee (default at least once).
    ///   - retain: Whether the broker keeps it as the topic's retained message.
    /// - Throws: `MQTTError` with `invalidTopic`, `payloadTooLarge`, `notConnected` (QoS 0 only),
    ///   `notSupported`, `outOfMemory`; `notConnected` also before `start` and after `stop`.
    public func publish(topic: String, payload: [UInt8], qos: MQTTQoS = .atLeastOnce, retain: Bool = false)
        throws(MQTTError)
    {
        try Self.validatePublishTopic(topic)
        guard self.running.load(ordering: .acquiring) else {
            throw MQTTError(.notConnected, detail: "publish before start or after stop")
        }
        guard payload.count <= 268_435_455 else {
            throw MQTTError(.payloadTooLarge, detail: "payload of \(payload.count) bytes exceeds the MQTT limit")
        }
        self.pending.add(1, ordering: .relaxed)
        // SAFETY: the bytes are valid for the call; mosquitto_publish copies them before returning, and
        // is safe from any thread because the handle is in threaded mode (`mosquitto_threaded_set`).
        let rc = unsafe payload.withUnsafeBytes { bytes in
            unsafe mosquitto_publish(
                self.handle, nil, topic, Int32(bytes.count), bytes.baseAddress, Int32(qos.rawValue), retain)
        }
        // QoS 1/2 without a socket: libmosquitto 2.0.11 queues the message in `msgs_out`, then returns
        // NO_CONN from its send attempt, and every connect resends the queue (lib/messages_mosq.c
        // message__queue, message__reconnect_reset; lib/handle_connack.c). So NO_CONN means "queued".
        guard MosquittoStatus.isSuccess(rc) || (qos != .atMostOnce && MosquittoStatus.isNoConnection(rc)) else {
            self.pending.subtract(1, ordering: .relaxed)
            throw MosquittoStatus.error(rc, "mosquitto_publish")
        }
    }
}

// MARK: - C calls made by the network thread (MosquittoClient+Session.swift)

extension MosquittoClient {
    /// One pass of libmosquitto's loop: waits up to 100 ms for the socket, reads, writes, keep-alive.
    func loopOnce() -> Int32 {
        unsafe mosquitto_loop(self.handle, 100, 1)
    }

    /// Starts one connection attempt; returns the error if it failed synchronously.
    func connectOnce() -> MQTTError? {
        let config = self.configuration
        let rc: Int32
        if self.networkConnectInitialised {
            rc = unsafe mosquitto_reconnect_async(self.handle)
        } else if config.protocolVersion == .v5 {
            self.networkConnectInitialised = true
            // Only the blocking connect takes CONNECT properties; later reconnects reuse them.
            // Without a Session Expiry Interval an MQTT 5 broker drops the session at disconnect.
            // SAFETY: the property list is ours from add to free; connect copies it into the handle.
            var properties: OpaquePointer? = nil
            if !config.cleanSession {
                _ = unsafe mosquitto_property_add_int32(
                    &properties, Int32(MQTT_PROP_SESSION_EXPIRY_INTERVAL.rawValue), config.sessionExpiry)
            }
            rc = unsafe mosquitto_connect_bind_v5(
                self.handle, config.host, Int32(config.port), Int32(config.keepAliveSeconds), nil, properties)
            unsafe mosquitto_property_free_all(&properties)
        } else {
            self.networkConnectInitialised = true
            rc = unsafe mosquitto_connect_bind_async(
                self.handle, config.host, Int32(config.port), Int32(config.keepAliveSeconds), nil)
        }
        guard MosquittoStatus.isSuccess(rc) else { return self.failure(rc, "mosquitto_connect") }
        return nil
    }

    /// Writes what is queued (PUBACKs, our PUBLISHes), reading nothing.
    func writeOnce() -> Int32 {
        unsafe mosquitto_loop_write(self.handle, 1)
    }

    /// Whether packets (PUBACKs, our PUBLISHes) are still queued for the socket.
    var wantsWrite: Bool {
        unsafe mosquitto_want_write(self.handle)
    }

    /// The connection's socket, for the clean stop's last steps (``HalfClosedSocket``); `nil` when closed.
    var socketDescriptor: Int32? {
        let fd = unsafe mosquitto_socket(self.handle)
        return fd >= 0 ? fd : nil
    }

    /// Queues SUBSCRIBE for one filter; returns the code and the message id the SUBACK will carry.
    func sendSubscribe(_ subscription: MQTTSubscription) -> (rc: Int32, mid: Int32) {
        var mid: Int32 = 0
        // SAFETY: `mid` and the filter string outlive the call; libmosquitto copies the filter.
        let rc = unsafe mosquitto_subscribe(self.handle, &mid, subscription.filter, Int32(subscription.qos.rawValue))
        return (rc, mid)
    }

    /// Copies one message into the reused buffers and hands it to the handler. No lock, no log, and
    /// once the buffers and the topic table are warm, no allocation.
    private func networkDeliver(_ message: mosquitto_message) {
        // SAFETY: libmosquitto frees the message after the callback returns; until then `topic` is a
        // NUL-terminated string and `payload` holds `payloadlen` bytes. Both are copied out here and
        // no pointer is kept.
        self.networkTopic.removeAll(keepingCapacity: true)
        if let topic = unsafe message.topic {
            let length = unsafe strlen(topic)
            unsafe topic.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
                unsafe self.networkTopic.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
            }
        }
        self.networkPayload.removeAll(keepingCapacity: true)
        let length = unsafe Int(message.payloadlen)
        if let payload = unsafe message.payload, length > 0 {
            let bytes = unsafe UnsafeRawBufferPointer(start: payload, count: length)
            unsafe self.networkPayload.append(contentsOf: bytes)
        }
        let qos = unsafe MQTTQoS(rawValue: Int(message.qos)) ?? .atMostOnce
        let retained = unsafe message.retain
        let packetID = unsafe UInt16(truncatingIfNeeded: message.mid)
        let delivered = MQTTMessage(
            topic: self.networkTopics.intern(self.networkTopic), payload: self.networkPayload, qos: qos,
            retained: retained, packetID: packetID)
        self.networkHandler?(delivered)
    }
}

/// `mosquitto_lib_init` exactly once per process: a global's initialiser runs once, lazily and
/// thread-safely (swift_once). `mosquitto_lib_cleanup` is never called; the process exit frees it.
private let mosquittoLibrary: Void = {
    // A write to a connection the other end closed must fail with EPIPE, not end the process: at a
    // clean stop rtlsd half-closes the socket (``HalfClosedSocket``), and over TLS libmosquitto's
    // close then writes OpenSSL's close_notify with plain write(2), which raises SIGPIPE.
    _ = signal(SIGPIPE, SIG_IGN)
    let rc = mosquitto_lib_init()
    precondition(MosquittoStatus.isSuccess(rc), "mosquitto_lib_init failed (\(rc))")
}()
