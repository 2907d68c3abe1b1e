import RTLSCore
import Testing

@testable import RTLSDaemon

@Suite struct ReadingSpoolCodecTests {
    static func full() -> Reading {
        var r = Reading(
            time: Timestamp(microseconds: 1_763_900_000_123_456), receivedAt: Timestamp(microseconds: -42),
            kind: .sensor,
            tag: TagID("E28011606000020A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F607182"),
            gateway: GatewayID("AA:BB:CC:DD:EE:FF"))
        r.flags = [.clockSkewed, .receiveTime]
        r.rssi = -67.5
        r.antenna = -3
        r.x = 1.25
        r.y = .infinity
        r.z = -0.0
        r.lat = 48.858_370_1
        r.lon = -2.294_481_9
        r.accuracy = 0.1
        r.battery = 99
        r.zone = "ward-3/room-12"
        r.metric = "temperature"
        r.value = 36.6
        r.unit = "°C"
        return r
    }

    static let samples: [Reading] = [
        Reading(time: Timestamp(microseconds: 0), receivedAt: Timestamp(microseconds: 0), kind: .rfid, tag: TagID()),
        {
            var r = Reading(
                time: Timestamp(microseconds: 5), receivedAt: Timestamp(microseconds: 6), kind: .ble, tag: "ble-1")
            r.rssi = -80
            return r
        }(),
        full(),
    ]

    @Test(arguments: samples)
    func roundTrips(reading: Reading) throws {
        var bytes: [UInt8] = []
        reading.encodeSpool(into: &bytes)
        var reader = SpoolByteReader(bytes)
        let decoded = try Reading(spool: &reader)
        #expect(decoded == reading)
        #expect(decoded.rssi == reading.rssi && decoded.lat == reading.lat && decoded.value == reading.value)
        #expect(decoded.zone == reading.zone && decoded.unit == reading.unit && decoded.flags == reading.flags)
        #expect(reader.remaining == 0)
    }

    @Test func truncatedBytesThrowCorrupt() {
        var bytes: [UInt8] = []
        Self.full().encodeSpool(into: &bytes)
        for cut in [0, 1, 17, 20, bytes.count - 1] {
            var reader = SpoolByteReader(Array(bytes[..<cut]))
            #expect(throws: SpoolError.self) { try Reading(spool: &reader) }
        }
    }

    @Test func recordRoundTripsAndRejectsDamage() throws {
        let batch = SpoolBatch(batchID: 1_763_900_000_000_001, readings: Self.samples + Self.samples)
        var framed = SpoolRecord.encode(batch)
        #expect(try SpoolRecord.decode(framed) == batch)
        framed[framed.count / 2] ^= 0x40
        do {
            _ = try SpoolRecord.decode(framed)
            Issue.record("a flipped bit was not detected")
        } catch {
            #expect(error.code == .corrupt)
        }
    }

    @Test func newerCodecVersionIsRefused() {
        var framed = SpoolRecord.encode(SpoolBatch(batchID: 7, readings: []))
        framed[SpoolRecord.headerSize] = 99
        let crc = CRC32C.checksum(framed[SpoolRecord.headerSize...])
        for i in 0..<4 { framed[4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        do {
            _ = try SpoolRecord.decode(framed)
            Issue.record("version 99 was accepted")
        } catch {
            #expect(error.code == .unsupportedVersion)
        }
    }
}
