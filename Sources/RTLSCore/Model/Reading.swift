/// One observation of a tag by a gateway, in a single model shared by every vendor format.
///
/// `Reading` is trivially copyable (no references): decoders append it to a reused buffer, the
/// ring buffer moves it between threads with plain memory copies, and the writer encodes it
/// straight into a binary COPY row. A reading with a `metric` is a sensor reading; otherwise it is
/// a location reading (RSSI, antenna, x/y/z or lat/lon). A reading flagged ``ReadingFlags/identifier``
/// carries a second identifier of its tag (an RFID TID) instead (`Reading+Identifier.swift`).
public struct Reading: Sendable, BitwiseCopyable, Equatable {
    /// Device time when the gateway has a clock, else the receive time.
    public var time: Timestamp
    /// When rtlsd received the message.
    public var receivedAt: Timestamp
    /// The device family.
    public var kind: SourceKind
    /// Quality flags (skewed clock, no device time …).
    public var flags: ReadingFlags
    /// The tag (asset) identifier.
    public var tag: TagID
    /// The gateway that saw the tag (may be empty when the format has none).
    public var gateway: GatewayID
    /// Received signal strength in dBm.
    public var rssi: Float?
    /// RFID antenna port.
    public var antenna: Int16?
    /// Floor coordinates in metres.
    public var x: Float?
    public var y: Float?
    public var z: Float?
    /// WGS84 coordinates in degrees.
    public var lat: Double?
    public var lon: Double?
    /// Horizontal accuracy in metres.
    public var accuracy: Float?
    /// Tag battery in percent.
    public var battery: Float?
    /// A zone named by the payload or topic (QR scans, ESPresense rooms).
    public var zone: ZoneName
    /// Sensor metric name; empty for location readings.
    public var metric: MetricName
    /// Sensor value.
    public var value: Double?
    /// Sensor unit.
    public var unit: UnitName
    /// Position in the write-ahead log (`[spool] write_ahead`): numbers every logged reading in
    /// the order it was received; 0 when the reading was not logged. Not stored in the tables.
    public var sequence: UInt64 = 0

    /// Creates a reading with only the required fields set.
    public init(time: Timestamp, receivedAt: Timestamp, kind: SourceKind, tag: TagID, gateway: GatewayID = GatewayID()) {
        self.time = time
        self.receivedAt = receivedAt
        self.kind = kind
        self.flags = []
        self.tag = tag
        self.gateway = gateway
        self.zone = ZoneName()
        self.metric = MetricName()
        self.unit = UnitName()
    }

    /// `true` when this reading carries a sensor value (a `metric`, not an identifier).
    @inlinable public var isSensor: Bool { !self.metric.isEmpty && !self.flags.contains(.identifier) }

    /// `true` when this reading is a location observation (no `metric`).
    @inlinable public var isLocation: Bool { self.metric.isEmpty }

    /// `true` when this reading carries a second identifier of its tag (``ReadingFlags/identifier``).
    @inlinable public var isIdentifier: Bool { self.flags.contains(.identifier) }
}

/// Quality flags attached to a reading.
public struct ReadingFlags: OptionSet, Sendable, BitwiseCopyable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The device clock was too far ahead of receive time; `time` was replaced by `receivedAt`.
    public static let clockSkewed = ReadingFlags(rawValue: 1 << 0)
    /// The payload had no device time; `time` is the receive time.
    public static let receiveTime = ReadingFlags(rawValue: 1 << 1)
    /// Not an observation: `metric` names an identifier scheme of `tag` (``TagIdentifierScheme``) and
    /// `zone`'s bytes hold the identifier's value (``Reading/identifierHex``); stored in `tag_identifiers`.
    public static let identifier = ReadingFlags(rawValue: 1 << 2)
}
