/// Everything a ``MosquittoClient`` needs to reach the broker and keep a session there.
///
/// - Important: `password` is a secret: rtlsd reads it from a file, never logs it, and
///   ``description`` leaves it out.
public struct MQTTConfiguration: Sendable, CustomStringConvertible {
    /// MQTT protocol version.
    public enum ProtocolVersion: Sendable, Hashable {
        /// MQTT 3.1.1 (default; what most gateways speak).
        case v311
        /// MQTT 5. Persistent sessions then also need ``MQTTConfiguration/sessionExpiry``.
        case v5
    }

    /// TLS settings; present when the broker is reached over TLS.
    public struct TLS: Sendable, Hashable {
        /// PEM file with the CA certificate(s) that signed the broker's certificate.
        public var caFile: String
        /// Client certificate (PEM) for mutual TLS, if the broker wants one.
        public var certFile: String?
        /// Private key (PEM, unencrypted) for `certFile`.
        public var keyFile: String?
        /// Skip the broker hostname check. For lab brokers only; never in a hospital.
        public var insecure: Bool

        /// Creates TLS settings.
        public init(caFile: String, certFile: String? = nil, keyFile: String? = nil, insecure: Bool = false) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.insecure = insecure
        }
    }

    /// Broker host name or address.
    public var host: String
    /// Broker port.
    public var port: Int
    /// Client identifier. Must be stable across restarts when `cleanSession` is false: the broker
    /// keeps the session (subscriptions, queued QoS 1 messages) under this id and no other.
    public var clientID: String?
    /// Start a fresh session on every connect (drops anything queued while away). Default: false.
    public var cleanSession: Bool
    /// Keep-alive interval in seconds (5…65535; 0 disables keep-alive).
    public var keepAliveSeconds: Int
    /// User name, if the broker wants one.
    public var username: String?
    /// Password for `username`; read from a file by the daemon. Never logged.
    public var password: String?
    /// TLS settings, or `nil` for plain TCP.
    public var tls: TLS?
    /// First reconnect delay.
    public var reconnectDelayMin: Duration
    /// Largest reconnect delay (delays double up to this).
    public var reconnectDelayMax: Duration
    /// MQTT protocol version.
    public var protocolVersion: ProtocolVersion
    /// MQTT 5 only: how long the broker keeps a persistent session after a disconnect, in seconds
    /// (`UInt32.max` = never expires). Without it an MQTT 5 broker ends the session at disconnect.
    public var sessionExpiry: UInt32
    /// Outgoing QoS 1/2 messages that may await acknowledgement at once (libmosquitto's default is 20).
    /// More is not always faster: libmosquitto 2.0.11 walks the whole in-flight list on every PUBACK
    /// (`message__release_to_inflight`), so 100 beat both 20 and 1000 in rtlsd's measurements.
    public var maxInflight: Int

    /// Creates a configuration with rtlsd's defaults: persistent session, 100 messages in flight,
    /// 60 s keep-alive, reconnect after 1 s doubling up to 60 s.
    public init(
        host: String, port: Int = 1883, clientID: String?, cleanSession: Bool = false, keepAliveSeconds: Int = 60,
        username: String? = nil, password: String? = nil, tls: TLS? = nil,
        reconnectDelayMin: Duration = .seconds(1), reconnectDelayMax: Duration = .seconds(60),
        protocolVersion: ProtocolVersion = .v311, sessionExpiry: UInt32 = UInt32.max, maxInflight: Int = 100
    ) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.cleanSession = cleanSession
        self.keepAliveSeconds = keepAliveSeconds
        self.username = username
        self.password = password
        self.tls = tls
        self.reconnectDelayMin = reconnectDelayMin
        self.reconnectDelayMax = reconnectDelayMax
        self.protocolVersion = protocolVersion
        self.sessionExpiry = sessionExpiry
        self.maxInflight = maxInflight
    }

    /// Creates a configuration from a broker URL (`mqtts://` needs `tls` set afterwards for the CA file).
    public init(url: MQTTURL, clientID: String?, cleanSession: Bool = false) {
        self.init(host: url.host, port: url.port, clientID: clientID, cleanSession: cleanSession)
    }

    /// Checks the values libmosquitto would reject, with a sentence naming the field.
    /// - Throws: `MQTTError` with code `invalidConfiguration`.
    public func validate() throws(MQTTError) {
        func fail(_ detail: String) -> MQTTError { MQTTError(.invalidConfiguration, detail: detail) }
        if self.host.isEmpty { throw fail("mqtt host is empty") }
        if !(1...65535).contains(self.port) { throw fail("mqtt port \(self.port) must be 1 to 65535") }
        if !self.cleanSession && (self.clientID ?? "").isEmpty {
            throw fail("a persistent session (clean_session = false) needs a stable client_id")
        }
        if let id = self.clientID, id.utf8.count > 65535 { throw fail("client_id is longer than 65535 bytes") }
        if self.keepAliveSeconds != 0 && !(5...65535).contains(self.keepAliveSeconds) {
            throw fail("keepalive \(self.keepAliveSeconds) s must be 0 or 5 to 65535")
        }
        if self.password != nil && self.username == nil { throw fail("a password needs a username") }
        if self.reconnectDelayMin <= .zero { throw fail("reconnect_delay_min must be positive") }
        if !(1...65535).contains(self.maxInflight) { throw fail("max_inflight \(self.maxInflight) must be 1 to 65535") }
        if let tls = self.tls, (tls.certFile == nil) != (tls.keyFile == nil) {
            throw fail("tls cert_file and key_file go together")
        }
    }

    public var description: String {
        let scheme = self.tls == nil ? "mqtt" : "mqtts"
        let auth = self.username.map { "user \($0), password \(self.password == nil ? "none" : "set")" } ?? "anonymous"
        return "\(scheme)://\(self.host):\(self.port) client_id \(self.clientID ?? "(random)") "
            + "clean_session \(self.cleanSession) \(auth)"
    }
}
