import RTLSCore
import RTLSPostgres
import Testing

@Suite("LocationReadingRow")
struct LocationReadingRowTests {
    static func fullReading() -> Reading {
        var r = Reading(
            time: Timestamp(microseconds: 1_718_900_000_123_456),
            receivedAt: Timestamp(microseconds: 1_718_900_000_200_001),
            kind: .rfid, tag: "E2801160600002", gateway: "fx9600-03")
        r.flags = [.clockSkewed, .receiveTime]
        r.rssi = -61.5
        r.antenna = 3
        r.x = 12.25
        r.y = -4.5
        r.z = 1.0
        r.lat = 52.520008
        r.lon = 13.404954
        r.accuracy = 2.5
        r.battery = 87
        r.zone = "OR-3"
        return r
    }

    @Test("a full row decodes back field by field")
    func fullRow() throws {
        let r = Self.fullReading()
        var writer = BinaryCopyWriter()
        LocationReadingRow(r, tagID: 41, gatewayID: 7, zoneID: 9).encode(into: &writer)
        writer.finish()
        let rows = try decodeCopyStream(writer.bytes)
        #expect(rows.count == 1)
        let f = rows[0]
        #expect(f.count == LocationReadingRow.table.columns.count)
        #expect(try timestamptz(#require(f[0])) == r.time)
        #expect(try timestamptz(#require(f[1])) == r.receivedAt)
        #expect(try integer(#require(f[2]), as: Int32.self) == 41)
        #expect(try integer(#require(f[3]), as: Int32.self) == 7)
        #expect(try integer(#require(f[4]), as: Int16.self) == Int16(SourceKind.rfid.rawValue))
        #expect(try integer(#require(f[5]), as: Int16.self) == Int16(r.flags.rawValue))
        #expect(try float4(#require(f[6])) == r.rssi)
        #expect(try integer(#require(f[7]), as: Int16.self) == r.antenna)
        #expect(try float4(#require(f[8])) == r.x)
        #expect(try float4(#require(f[9])) == r.y)
        #expect(try float4(#require(f[10])) == r.z)
        #expect(try float8(#require(f[11])) == r.lat)
        #expect(try float8(#require(f[12])) == r.lon)
        #expect(try float4(#require(f[13])) == r.accuracy)
        #expect(try float4(#require(f[14])) == r.battery)
        #expect(try integer(#require(f[15]), as: Int32.self) == 9)
    }

    @Test("absent optionals and ids are NULL")
    func nulls() throws {
        let r = Reading(time: Timestamp(microseconds: 0), receivedAt: Timestamp(microseconds: 1), kind: .ble, tag: "t")
        var writer = BinaryCopyWriter()
        LocationReadingRow(r, tagID: 1, gatewayID: nil, zoneID: nil).encode(into: &writer)
        writer.finish()
        let f = try decodeCopyStream(writer.bytes)[0]
        let columns = LocationReadingRow.table.columns
        let nullColumns = Set(columns.indices.filter { f[$0] == nil }.map { columns[$0] })
        #expect(
            nullColumns == [
                "gateway_id", "rssi", "antenna", "x", "y", "z", "lat", "lon", "accuracy", "battery",
                "zone_id",
            ])
    }
}
