/// A short UTF-8 string stored inline, without a heap allocation.
///
/// Readings cross the ring buffer by the hundred thousand per second; keeping identifiers such as
/// tag EPCs, gateway MACs and metric names inline makes ``Reading`` trivially copyable (no reference
/// counting when it is pushed, popped or encoded).
public struct InlineString<let capacity: Int>: Sendable, BitwiseCopyable, Hashable {
    @usableFromInline var storage: InlineArray<capacity, UInt8>
    @usableFromInline var length: UInt8

    /// The empty string.
    @inlinable public init() {
        self.storage = InlineArray(repeating: 0)
        self.length = 0
    }

    /// Creates an inline string from UTF-8 bytes, or `nil` when they do not fit in `capacity` bytes.
    @inlinable public init?(utf8 bytes: Span<UInt8>) {
        guard bytes.count <= capacity, capacity <= 255 else { return nil }
        self.init()
        for i in 0..<bytes.count { self.storage[i] = bytes[i] }
        self.length = UInt8(truncatingIfNeeded: bytes.count)
    }

    /// Creates an inline string from a Swift string, or `nil` when it is longer than `capacity` bytes.
    @inlinable public init?(_ string: String) {
        var s = string
        let result: InlineString? = s.withUTF8 { buffer in
            guard buffer.count <= capacity, capacity <= 255 else { return nil }
            var value = InlineString()
            for i in 0..<buffer.count { value.storage[i] = unsafe buffer[i] }
            value.length = UInt8(truncatingIfNeeded: buffer.count)
            return value
        }
        guard let result else { return nil }
        self = result
    }

    /// Number of UTF-8 bytes.
    @inlinable public var count: Int { Int(self.length) }

    /// `true` when the string holds no bytes.
    @inlinable public var isEmpty: Bool { self.length == 0 }

    /// Calls `body` with the bytes as a span.
    @inlinable public func withUTF8Span<R>(_ body: (Span<UInt8>) throws -> R) rethrows -> R {
        try body(self.storage.span.extracting(0..<Int(self.length)))
    }

    /// The value as a Swift `String` (allocates when longer than 15 bytes).
    public var string: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(self.count)
        for i in 0..<self.count { bytes.append(self.storage[i]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inlinable public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.length == rhs.length else { return false }
        for i in 0..<Int(lhs.length) where lhs.storage[i] != rhs.storage[i] { return false }
        return true
    }

    /// Feeds the bytes to the hasher eight at a time (one `combine` per byte made dictionary lookups
    /// by tag and gateway name the largest cost of the database writer's encode loop).
    @inlinable public func hash(into hasher: inout Hasher) {
        let length = Int(self.length)
        hasher.combine(length)
        var i = 0
        while i < length {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            let end = min(i + 8, length)
            while i < end {
                word |= UInt64(self.storage[i]) << shift
                shift += 8
                i += 1
            }
            hasher.combine(word)
        }
    }
}

extension InlineString: CustomStringConvertible {
    public var description: String { self.string }
}

extension InlineString: ExpressibleByStringLiteral {
    /// Creates an inline string from a literal; a literal that does not fit is truncated to `capacity` bytes.
    public init(stringLiteral value: String) {
        if let v = InlineString(value) {
            self = v
        } else {
            self = InlineString(String(decoding: Array(value.utf8.prefix(capacity)), as: UTF8.self)) ?? InlineString()
        }
    }
}

/// A tag identifier: EPC hex, BLE MAC, iBeacon `uuid-major-minor`, UWB tag id, QR code, sensor name.
public typealias TagID = InlineString<64>
/// A gateway identifier: reader hostname, gateway MAC, anchor id, scanner id.
public typealias GatewayID = InlineString<32>
/// A sensor metric name such as `temperature` or `humidity`.
public typealias MetricName = InlineString<24>
/// A unit such as `C`, `%`, `V`, `hPa`.
public typealias UnitName = InlineString<8>
/// A zone identifier from the site model (QR scans and topic-captured rooms carry one).
public typealias ZoneName = InlineString<32>
