/// One topic filter to subscribe to, with the QoS to request.
public struct MQTTSubscription: Sendable, Hashable, CustomStringConvertible {
    /// The MQTT filter (`site1/rfid/+/events`, `site1/#`); named captures must already be plain `+`.
    public var filter: String
    /// The maximum QoS to request; the broker may grant less.
    public var qos: MQTTQoS

    /// Creates a subscription.
    /// - Parameters:
    ///   - filter: The MQTT topic filter.
    ///   - qos: The QoS to request (default: at least once).
    public init(_ filter: String, qos: MQTTQoS = .atLeastOnce) {
        self.filter = filter
        self.qos = qos
    }

    public var description: String { "\(self.filter) (\(self.qos))" }
}
