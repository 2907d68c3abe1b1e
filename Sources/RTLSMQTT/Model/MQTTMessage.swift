/// One received message, lent to the message handler for the duration of the call.
///
/// - Important: `payload` is the client's reused receive buffer. Read it (decode it, copy the
///   readings out) and return; keeping a copy of the array is allowed but makes the client allocate
///   a fresh buffer for the next message.
public struct MQTTMessage: ~Copyable {
    /// The topic the message was published to (interned: the same `String` for the same topic).
    public let topic: String
    /// The payload bytes.
    public let payload: [UInt8]
    /// The QoS the message was delivered with.
    public let qos: MQTTQoS
    /// Whether the broker delivered it from its retained store.
    public let retained: Bool
    /// The MQTT packet identifier (QoS 1 and 2; 0 for QoS 0). A broker resending a message it holds
    /// unacknowledged uses the identifier it first sent it with.
    public let packetID: UInt16

    /// Creates a message (the client builds these; tests may too).
    public init(topic: String, payload: [UInt8], qos: MQTTQoS, retained: Bool, packetID: UInt16 = 0) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retained = retained
        self.packetID = packetID
    }
}
