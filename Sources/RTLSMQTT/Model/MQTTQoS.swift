/// MQTT quality of service for a subscription or a publish.
public enum MQTTQoS: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Fire and forget: lost if the connection drops.
    case atMostOnce = 0
    /// Acknowledged with PUBACK; may be delivered twice after a reconnect. rtlsd's default.
    case atLeastOnce = 1
    /// Four-way handshake; rtlsd accepts it but gains nothing over QoS 1 (see `MosquittoClient`).
    case exactlyOnce = 2

    public var description: String { "QoS \(self.rawValue)" }
}
