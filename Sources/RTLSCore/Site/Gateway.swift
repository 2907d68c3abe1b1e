/// A fixed reader: BLE gateway, RFID reader, UWB anchor server or QR scanner.
public struct Gateway: Sendable, Equatable {
    /// The id gateways publish (`gw-0311`, reader hostname).
    public var id: GatewayID
    /// The zone it covers: BLE room resolution and the RFID fallback when an antenna is not mapped.
    public var zone: Int32?
    /// Its floor (defaults to its zone's floor); UWB x/y from this gateway are looked up here.
    public var floor: Int32?
    /// Its position on the floor, informational.
    public var position: Point?
    /// RFID antenna port → zone index.
    public var antennas: [Int16: Int32]
}
