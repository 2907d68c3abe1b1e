import Testing

@testable import RTLSCore

/// A reading's optional numbers are packed NaN-for-none so it stays within 256 bytes; they must read
/// back exactly as the `Float?`/`Double?` they stand for.
@Suite struct ReadingLayoutTests {
    static func reading() -> Reading {
        Reading(time: Timestamp(microseconds: 1), receivedAt: Timestamp(microseconds: 2), kind: .ble, tag: "t")
    }

    @Test func aReadingFitsGlibcsShortCopy() {
        #expect(MemoryLayout<Reading>.size <= 256)
        #expect(MemoryLayout<Reading>.stride <= 256)
    }

    @Test func optionalNumbersStartEmptyAndReadBackWhatWasSet() {
        var r = Self.reading()
        #expect(r.rssi == nil && r.x == nil && r.y == nil && r.z == nil && r.accuracy == nil && r.battery == nil)
        #expect(r.lat == nil && r.lon == nil && r.value == nil && r.antenna == nil)
        r.rssi = -62.5
        r.x = 0
        r.y = -0.0
        r.z = .greatestFiniteMagnitude
        r.accuracy = .leastNonzeroMagnitude
        r.battery = 100
        r.lat = 52.520008
        r.lon = -13.404954
        r.value = -1e300
        #expect(r.rssi == -62.5 && r.x == 0 && r.y == 0 && r.y?.sign == .minus)
        #expect(r.z == .greatestFiniteMagnitude && r.accuracy == .leastNonzeroMagnitude && r.battery == 100)
        #expect(r.lat == 52.520008 && r.lon == -13.404954 && r.value == -1e300)
        r.rssi = nil
        r.value = nil
        #expect(r.rssi == nil && r.value == nil && r.x == 0)
    }

    @Test func aNaNIsNoValue() {
        var r = Self.reading()
        r.value = .nan
        r.battery = .signalingNaN
        #expect(r.value == nil && r.battery == nil)
        #expect(r == Self.reading())
    }

    @Test func equalityIsThatOfTheOptionals() {
        var a = Self.reading()
        var b = Self.reading()
        a.x = 0
        b.x = -0.0
        #expect(a == b)
        b.x = nil
        #expect(a != b)
        a.x = nil
        a.lon = 1
        #expect(a != b)
    }
}
