/// A `Float?` in four bytes: `nil` is kept as NaN, which no reading holds as a value (non-finite
/// numbers become "no value" by the field policy, ``FieldPolicy``). Setting NaN reads back `nil`.
///
/// ``Reading`` keeps its optional coordinates, RSSI, accuracy and battery this way so that a reading
/// fits in 256 bytes (a plain `Float?` takes eight with its alignment), which is what glibc copies on
/// its short path: a reading is copied several times between decoder, ring and writer.
@frozen public struct NaNOptionalFloat: Sendable, BitwiseCopyable, Equatable {
    @usableFromInline var raw: Float

    /// Packs `value` (`nil` or NaN: none).
    @inlinable @inline(__always) public init(_ value: Float?) { self.raw = value ?? .nan }

    /// The value, `nil` when none.
    @inlinable @inline(__always) public var value: Float? { self.raw.isNaN ? nil : self.raw }

    /// Equal as `Float?` values are (so `0` equals `-0`, and two "none" are equal).
    @inlinable public static func == (a: Self, b: Self) -> Bool { a.value == b.value }
}

/// A `Double?` in eight bytes, as ``NaNOptionalFloat`` keeps a `Float?`.
@frozen public struct NaNOptionalDouble: Sendable, BitwiseCopyable, Equatable {
    @usableFromInline var raw: Double

    /// Packs `value` (`nil` or NaN: none).
    @inlinable @inline(__always) public init(_ value: Double?) { self.raw = value ?? .nan }

    /// The value, `nil` when none.
    @inlinable @inline(__always) public var value: Double? { self.raw.isNaN ? nil : self.raw }

    /// Equal as `Double?` values are.
    @inlinable public static func == (a: Self, b: Self) -> Bool { a.value == b.value }
}
