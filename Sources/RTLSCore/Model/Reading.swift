/// One observation of a tag by a gateway, in a single model shared by every vendor format.
///
/// `Reading` is trivially copyable (no references): decoders append it to a reused buffer, the
/// ring buffer moves it between threads with plain memory copies, and the writer encodes it
/// straight into a binary COPY row. A reading with a `metric` is a sensor reading; otherwise it is
/// a location reading (RSSI, antenna, x/y/z or lat/lon). A reading flagged ``ReadingFlags/identifier``
/// carries a second identifier of its tag (an RFID TID) instead (`Reading+Identifier.swift`).
public struct Reading: Sendable, BitwiseCopyable, Equatable {
    // Stored fields are declared widest first so that a reading packs into 248 bytes (under the 256
    // glibc copies on its short path); the optional numbers are kept as NaN-for-none
    // (``NaNOptionalFloat``) behind the `Float?`/`Double?` properties below.

    /// Device time when the gateway has a clock, else the receive time.
    public var time: Timestamp
    /// When rtlsd received the message.
    public var receivedAt: Timestamp
    /// Position in the write-ahead log (`[spool] write_ahead`): numbers every logged reading in
    /// the order it was received; 0 when the reading was not logged. Not stored in the tables.
    public var sequence: UInt64 = 0
    @usableFromInline var packedLat = NaNOptionalDouble(nil)
    @usableFromInline var packedLon = NaNOptionalDouble(nil)
    @usableFromInline var packedValue = NaNOptionalDouble(nil)
    @usableFromInline var packedRSSI = NaNOptionalFloat(nil)
    @usableFromInline var packedX = NaNOptionalFloat(nil)
    @usableFromInline var packedY = NaNOptionalFloat(nil)
    @usableFromInline var packedZ = NaNOptionalFloat(nil)
    @usableFromInline var packedAccuracy = NaNOptionalFloat(nil)
    @usableFromInline var packedBattery = NaNOptionalFloat(nil)
    /// RFID antenna port.
    public var antenna: Int16?
    /// The device family.
    public var kind: SourceKind
    /// Quality flags (skewed clock, no device time …).
    public var flags: ReadingFlags
    /// The tag (asset) identifier.
    public var tag: TagID
    /// The gateway that saw the tag (may be empty when the format has none).
    public var gateway: GatewayID
    /// A zone named by the payload or topic (QR scans, ESPresense rooms).
    public var zone: ZoneName
    /// Sensor metric name; empty for location readings.
    public var metric: MetricName
    /// Sensor unit.
    public var unit: UnitName

    /// Received signal strength in dBm.
    @inlinable public var rssi: Float? {
        @inline(__always) get { self.packedRSSI.value }
        @inline(__always) set { self.packedRSSI = NaNOptionalFloat(newValue) }
    }
    /// Floor coordinates in metres.
    @inlinable public var x: Float? {
        @inline(__always) get { self.packedX.value }
        @inline(__always) set { self.packedX = NaNOptionalFloat(newValue) }
    }
    @inlinable public var y: Float? {
        @inline(__always) get { self.packedY.value }
        @inline(__always) set { self.packedY = NaNOptionalFloat(newValue) }
    }
    @inlinable public var z: Float? {
        @inline(__always) get { self.packedZ.value }
        @inline(__always) set { self.packedZ = NaNOptionalFloat(newValue) }
    }
    /// WGS84 coordinates in degrees.
    @inlinable public var lat: Double? {
        @inline(__always) get { self.packedLat.value }
        @inline(__always) set { self.packedLat = NaNOptionalDouble(newValue) }
    }
    @inlinable public var lon: Double? {
        @inline(__always) get { self.packedLon.value }
        @inline(__always) set { self.packedLon = NaNOptionalDouble(newValue) }
    }
    /// Horizontal accuracy in metres.
    @inlinable public var accuracy: Float? {
        @inline(__always) get { self.packedAccuracy.value }
        @inline(__always) set { self.packedAccuracy = NaNOptionalFloat(newValue) }
    }
    /// Tag battery in percent.
    @inlinable public var battery: Float? {
        @inline(__always) get { self.packedBattery.value }
        @inline(__always) set { self.packedBattery = NaNOptionalFloat(newValue) }
    }
    /// Sensor value (`nil`: none; a NaN set here reads back `nil`).
    @inlinable public var value: Double? {
        @inline(__always) get { self.packedValue.value }
        @inline(__always) set { self.packedValue = NaNOptionalDouble(newValue) }
    }

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
