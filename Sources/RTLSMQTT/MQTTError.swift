/// Why an MQTT operation failed: a connection could not be made or was lost, the broker refused,
/// a topic was invalid, or a publish could not be queued.
///
/// A struct with an extensible ``Code`` so adding a reason breaks no caller. `detail` carries what
/// the library or the broker said (`connection refused`, `not authorised`), never a password or a
/// payload.
public struct MQTTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason, compared in tests and used as a metric label.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidConfiguration = "invalid_configuration"
            case invalidURL = "invalid_url"
            case invalidTopic = "invalid_topic"
            case invalidTopicFilter = "invalid_topic_filter"
            case notConnected = "not_connected"
            case connectionFailed = "connection_failed"
            case connectionLost = "connection_lost"
            case connectionRefused = "connection_refused"
            case notAuthorized = "not_authorized"
            case subscriptionRejected = "subscription_rejected"
            case lookupFailed = "lookup_failed"
            case tls = "tls"
            case protocolError = "protocol_error"
            case keepaliveTimeout = "keepalive_timeout"
            case payloadTooLarge = "payload_too_large"
            case notSupported = "not_supported"
            case outOfMemory = "out_of_memory"
            case alreadyStarted = "already_started"
            case unknown = "unknown"
        }
        private let base: Base

        /// A configuration value is unusable (missing client id for a persistent session, bad TLS file …).
        public static let invalidConfiguration = Code(base: .invalidConfiguration)
        /// A broker URL could not be parsed.
        public static let invalidURL = Code(base: .invalidURL)
        /// A topic to publish to is empty, contains `+` or `#`, or is not valid MQTT UTF-8.
        public static let invalidTopic = Code(base: .invalidTopic)
        /// A subscription filter is malformed (`#` not last, wildcard inside a segment …).
        public static let invalidTopicFilter = Code(base: .invalidTopicFilter)
        /// A QoS 0 publish was attempted while no connection exists; the message was dropped.
        public static let notConnected = Code(base: .notConnected)
        /// A connection attempt failed before the broker answered (refused, unreachable, timed out).
        public static let connectionFailed = Code(base: .connectionFailed)
        /// An established connection dropped.
        public static let connectionLost = Code(base: .connectionLost)
        /// The broker answered CONNECT with a refusal (protocol version, identifier rejected, unavailable).
        public static let connectionRefused = Code(base: .connectionRefused)
        /// The broker refused the credentials or the client is not authorised.
        public static let notAuthorized = Code(base: .notAuthorized)
        /// The broker rejected one or more subscriptions (usually an ACL).
        public static let subscriptionRejected = Code(base: .subscriptionRejected)
        /// The broker host name could not be resolved.
        public static let lookupFailed = Code(base: .lookupFailed)
        /// TLS setup or handshake failed (certificate, key, CA, hostname).
        public static let tls = Code(base: .tls)
        /// The broker sent something libmosquitto could not accept.
        public static let protocolError = Code(base: .protocolError)
        /// The broker stopped answering within the keep-alive interval.
        public static let keepaliveTimeout = Code(base: .keepaliveTimeout)
        /// A payload or packet exceeds what the protocol or the broker allows.
        public static let payloadTooLarge = Code(base: .payloadTooLarge)
        /// The broker or the library does not support the request (QoS, retain, MQTT 5 property).
        public static let notSupported = Code(base: .notSupported)
        /// libmosquitto could not allocate memory.
        public static let outOfMemory = Code(base: .outOfMemory)
        /// `start` was called on a client that is already running or was stopped.
        public static let alreadyStarted = Code(base: .alreadyStarted)
        /// A return code rtlsd does not know.
        public static let unknown = Code(base: .unknown)

        /// Stable snake_case name, used as a metric label and in logs.
        public var description: String { self.base.rawValue }
    }

    /// The reason.
    public var code: Code
    /// What the library or broker said, or which value was wrong; no secrets, no payloads.
    public var detail: String

    /// Creates an MQTT error.
    public init(_ code: Code, detail: String = "") {
        self.code = code
        self.detail = detail
    }

    public var description: String {
        self.detail.isEmpty ? "MQTT \(self.code)" : "MQTT \(self.code): \(self.detail)"
    }
}
