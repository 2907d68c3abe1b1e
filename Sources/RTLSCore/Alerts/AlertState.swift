/// Whether an alert event opens or closes the alert condition.
public enum AlertState: UInt8, Sendable, BitwiseCopyable, CustomStringConvertible {
    /// The condition became true (sent once).
    case fired = 1
    /// The condition ended (sent once, with the same ``Alert/alertID`` as the firing).
    case cleared = 2

    public var description: String { self == .fired ? "fired" : "cleared" }
}
