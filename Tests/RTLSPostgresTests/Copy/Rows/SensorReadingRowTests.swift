import RTLSCore
import RTLSPostgres
import Testing

@Suite("SensorReadingRow")
struct SensorReadingRowTests {
    @Test("a row decodes back field by field", arguments: [-18.25, nil] as [Double?])
    func row(value: Double?) throws {
        var r = Reading(
            time: Timestamp(microseconds: 1_700_000_000_000_001),
            receivedAt: Timestamp(microseconds: 1_700_000_000_500_000), kind: .sensor, tag: "fridge-7")
        r.metric = "temperature"
        r.value = value
        r.flags = .receiveTime
        var writer = BinaryCopyWriter()
        SensorReadingRow(r, tagID: 3, gatewayID: nil, metricID: 2).encode(into: &writer)
        writer.finish()
        let f = try decodeCopyStream(writer.bytes)[0]
        #expect(f.count == SensorReadingRow.table.columns.count)
        #expect(try timestamptz(#require(f[0])) == r.time)
        #expect(try timestamptz(#require(f[1])) == r.receivedAt)
        #expect(try integer(#require(f[2]), as: Int32.self) == 3)
        #expect(f[3] == nil)
        #expect(try integer(#require(f[4]), as: Int16.self) == 2)
        #expect(try f[5].map(float8) == value)
        #expect(try integer(#require(f[6]), as: Int16.self) == Int16(ReadingFlags.receiveTime.rawValue))
    }
}
