@testable import RTLSCore
import RTLSPostgres
import Testing

@Suite("ZoneEventRow")
struct ZoneEventRowTests {
    @Test("enter and exit decode back with ids, event name and method", arguments: [ZoneEvent.Transition.enter, .exit])
    func roundTrip(transition: ZoneEvent.Transition) throws {
        let event = ZoneEvent(
            transition: transition, time: Timestamp(microseconds: 1_718_900_000_000_001), tag: "t-1", asset: "",
            zoneIndex: 4, zone: "ICU-3", method: .rfid, gateway: "fx-1")
        var writer = BinaryCopyWriter()
        ZoneEventRow(event, tagID: 12, zoneID: 34).encode(into: &writer)
        writer.finish()
        let f = try decodeCopyStream(writer.bytes)[0]
        #expect(f.count == ZoneEventRow.table.columns.count)
        #expect(try timestamptz(#require(f[0])) == event.time)
        #expect(try integer(#require(f[1]), as: Int32.self) == 12)
        #expect(try integer(#require(f[2]), as: Int32.self) == 34)
        #expect(f[3].map(text) == transition.description)
        #expect(try integer(#require(f[4]), as: Int16.self) == Int16(LocationMethod.rfid.rawValue))
    }
}
