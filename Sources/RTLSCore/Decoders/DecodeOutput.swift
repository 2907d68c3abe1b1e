/// Where a decoder puts what it found in one message. Reused from message to message so decoding
/// allocates nothing once the buffers have grown.
public struct DecodeOutput: Sendable {
    /// Readings decoded from the message, in payload order.
    public var readings: [Reading] = []
    /// Items of a batched payload that were skipped, each with its reason (the rest were kept).
    public var rejected: [DecodeError] = []
    /// Fields set to NULL because their value was impossible (out of range, not finite, wrong type),
    /// each with its reason; the readings that held them were kept (``FieldPolicy``).
    public var nulled: [DecodeError] = []
    /// Gateways that announced themselves (heartbeats, LWT "Online"), by id, with their state.
    public var gatewayStatus: [GatewayStatus] = []
    /// The JSON tape decoders parse into, reused so parsing allocates nothing once warm.
    var tape = JSONTape()

    /// Creates an empty output.
    public init() {}

    /// Empties the buffers, keeping their capacity.
    public mutating func reset() {
        // Most messages leave `rejected`, `nulled` and `gatewayStatus` empty; emptying an empty array
        // still costs a call per buffer.
        if !self.readings.isEmpty { self.readings.removeAll(keepingCapacity: true) }
        if !self.rejected.isEmpty { self.rejected.removeAll(keepingCapacity: true) }
        if !self.nulled.isEmpty { self.nulled.removeAll(keepingCapacity: true) }
        if !self.gatewayStatus.isEmpty { self.gatewayStatus.removeAll(keepingCapacity: true) }
    }
}

/// A gateway's own report about itself (heartbeat, availability, last will).
public struct GatewayStatus: Sendable, BitwiseCopyable, Equatable {
    /// The gateway.
    public var gateway: GatewayID
    /// `true` for online/heartbeat, `false` for an offline announcement.
    public var online: Bool
    /// When the status was observed.
    public var time: Timestamp

    /// Creates a gateway status.
    public init(gateway: GatewayID, online: Bool, time: Timestamp) {
        self.gateway = gateway
        self.online = online
        self.time = time
    }
}
