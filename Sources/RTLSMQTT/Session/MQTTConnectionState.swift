/// Where the client's connection to the broker stands.
public enum MQTTConnectionState: Sendable, Hashable, CustomStringConvertible {
    /// Created or started, no connection attempt has finished yet.
    case connecting
    /// CONNACK accepted; `sessionPresent` says whether the broker kept a session for this client id.
    case connected(sessionPresent: Bool)
    /// SUBACK received for every subscription; messages flow.
    case subscribed(sessionPresent: Bool)
    /// No connection; the client is waiting to retry. The reason is the failure that caused it.
    case disconnected(MQTTError)
    /// `stop()` ran: the client disconnected cleanly (or gave up) and will not reconnect.
    case stopped

    /// Short name for logs and metrics (`connected`, `disconnected`).
    public var name: String {
        switch self {
        case .connecting: "connecting"
        case .connected: "connected"
        case .subscribed: "subscribed"
        case .disconnected: "disconnected"
        case .stopped: "stopped"
        }
    }

    public var description: String {
        switch self {
        case .connecting, .stopped: self.name
        case .connected(let present), .subscribed(let present): "\(self.name) (session present: \(present))"
        case .disconnected(let reason): "disconnected (\(reason))"
        }
    }
}
