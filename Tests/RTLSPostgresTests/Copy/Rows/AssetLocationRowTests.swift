@testable import RTLSCore
import RTLSPostgres
import Testing

@Suite("AssetLocationRow")
struct AssetLocationRowTests {
    @Test("a location decodes back; no zone, floor or method means NULL")
    func roundTrip() throws {
        let full = AssetLocation(
            tag: "t-1", asset: "Pump 4", zoneIndex: 2, zone: "ICU-3", floor: "L2", method: .ble,
            time: Timestamp(microseconds: 2_000_000), gateway: "gw", since: Timestamp(microseconds: 1_000_000))
        var outside = full
        outside.zone = ""
        outside.zoneIndex = nil
        outside.floor = ""
        outside.method = nil
        var writer = BinaryCopyWriter()
        AssetLocationRow(full, tagID: 5, zoneID: 6).encode(into: &writer)
        AssetLocationRow(outside, tagID: 5, zoneID: nil).encode(into: &writer)
        writer.finish()
        let rows = try decodeCopyStream(writer.bytes)
        #expect(rows.count == 2 && rows[0].count == AssetLocationRow.table.columns.count)
        #expect(try integer(#require(rows[0][0]), as: Int32.self) == 5)
        #expect(try integer(#require(rows[0][1]), as: Int32.self) == 6)
        #expect(rows[0][2].map(text) == "L2")
        #expect(try integer(#require(rows[0][3]), as: Int16.self) == Int16(LocationMethod.ble.rawValue))
        #expect(try timestamptz(#require(rows[0][4])) == full.since)
        #expect(try timestamptz(#require(rows[0][5])) == full.time)
        #expect(rows[1][1] == nil && rows[1][2] == nil && rows[1][3] == nil)
    }
}
