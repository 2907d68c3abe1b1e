/// What a decoder knows besides the payload: when the message arrived, what the topic captured,
/// and the limits that apply.
public struct DecodeContext: Sendable {
    /// When rtlsd received the message.
    public var receivedAt: Timestamp
    /// Readings more than this far ahead of `receivedAt` get the receive time and the `clockSkewed` flag.
    public var maxClockSkewMicroseconds: Int64
    /// Gateway id captured from the topic (`+gateway` segment), if the pattern has one.
    public var topicGateway: GatewayID
    /// Zone captured from the topic (`+zone` segment), if the pattern has one.
    public var topicZone: ZoneName
    /// Tag captured from the topic (`+tag` segment), if the pattern has one.
    public var topicTag: TagID
    /// Why a named topic segment could not be captured (too long, or holding a control or bidi
    /// character); the message is then rejected with this reason rather than stored without it.
    public var captureProblem: DecodeError?
    /// Offset in seconds east of UTC for formats whose timestamps carry no offset (Tasmota).
    public var gatewayUTCOffsetSeconds: Int32
    /// The gateways' clock for formats whose timestamps carry no offset, daylight-saving time
    /// included; when set it is used instead of ``gatewayUTCOffsetSeconds`` (a wall-clock time the
    /// repeated autumn hour makes ambiguous is read as the occurrence nearer ``receivedAt``).
    public var localTimeZone: LocalTimeZone?

    /// Creates a context; five minutes of clock skew are tolerated by default.
    public init(
        receivedAt: Timestamp,
        maxClockSkewMicroseconds: Int64 = 300_000_000,
        topicGateway: GatewayID = GatewayID(),
        topicZone: ZoneName = ZoneName(),
        topicTag: TagID = TagID(),
        gatewayUTCOffsetSeconds: Int32 = 0,
        localTimeZone: LocalTimeZone? = nil
    ) {
        self.localTimeZone = localTimeZone
        self.receivedAt = receivedAt
        self.maxClockSkewMicroseconds = maxClockSkewMicroseconds
        self.topicGateway = topicGateway
        self.topicZone = topicZone
        self.topicTag = topicTag
        self.gatewayUTCOffsetSeconds = gatewayUTCOffsetSeconds
    }

    /// Applies the skew rule: a device time too far in the future becomes the receive time.
    @inlinable public func checkedTime(_ device: Timestamp, flags: inout ReadingFlags) -> Timestamp {
        if device.microseconds - self.receivedAt.microseconds > self.maxClockSkewMicroseconds {
            flags.insert(.clockSkewed)
            return self.receivedAt
        }
        return device
    }
}
