import Foundation
import RTLSCore
import RTLSPostgres
import Testing

@Suite("AlertRow")
struct AlertRowTests {
    static let time = Timestamp(microseconds: 1_718_900_000_123_456)

    @Test("a sensor alert decodes back field by field, details carry value, threshold and metric")
    func sensorAlert() throws {
        let alert = Alert(
            alertID: UInt64(Int64.max) + 5, ruleID: "fridge-high", kind: .sensorHigh, severity: .critical,
            state: .fired, time: Self.time, tag: "fridge-07", asset: "Pharmacy fridge 7", gateway: "gw-1",
            value: 9.5, threshold: 8, detail: "temperature")
        var writer = BinaryCopyWriter()
        AlertRow(alert, tagID: 41, gatewayID: 7, zoneID: nil).encode(into: &writer)
        writer.finish()
        let rows = try decodeCopyStream(writer.bytes)
        #expect(rows.count == 1)
        let f = rows[0]
        #expect(f.count == AlertRow.table.columns.count)
        #expect(try timestamptz(#require(f[0])) == Self.time)
        #expect(try integer(#require(f[1]), as: Int64.self) == Int64(bitPattern: alert.alertID))
        #expect(try text(#require(f[2])) == "fridge-high")
        #expect(try text(#require(f[3])) == "sensor_high")
        #expect(try text(#require(f[4])) == "critical")
        #expect(try text(#require(f[5])) == "fired")
        #expect(try integer(#require(f[6]), as: Int32.self) == 41)
        #expect(try integer(#require(f[7]), as: Int32.self) == 7)
        #expect(f[8] == nil)
        #expect(try text(#require(f[9])) == alert.message)
        let jsonb = try #require(f[10])
        #expect(jsonb.first == 1)
        let details = try JSONSerialization.jsonObject(with: Data(jsonb.dropFirst())) as? [String: Any]
        #expect(details?["value"] as? Double == 9.5)
        #expect(details?["threshold"] as? Double == 8)
        #expect(details?["metric"] as? String == "temperature")
        #expect(details?.count == 3)
    }

    @Test("a gateway alert without value, threshold or method has NULL ids and NULL details")
    func bareAlert() throws {
        let alert = Alert(
            alertID: 3, ruleID: "enter-or", kind: .zoneEnter, severity: .info, state: .cleared, time: Self.time,
            tag: "t-1", zone: "OR-3")
        let row = AlertRow(alert, tagID: nil, gatewayID: nil, zoneID: 9)
        #expect(row.details == nil)
        var writer = BinaryCopyWriter()
        row.encode(into: &writer)
        writer.finish()
        let f = try decodeCopyStream(writer.bytes)[0]
        #expect(f[5].map(text) == "cleared")
        #expect(f[6] == nil && f[7] == nil && f[10] == nil)
        #expect(try integer(#require(f[8]), as: Int32.self) == 9)
        #expect(f[9].map(text)?.hasPrefix("cleared: ") == true)
    }

    @Test("details escape text, name the floor for after-hours alerts and skip non-finite numbers")
    func detailsEscaping() throws {
        let alert = Alert(
            alertID: 1, ruleID: "night", kind: .afterHours, severity: .warning, state: .fired, time: Self.time,
            tag: "t", method: .uwb, value: .infinity, threshold: 2, detail: "B \"2\"\\\n")
        let json = try #require(AlertRow(alert, tagID: 1, gatewayID: nil, zoneID: nil).details)
        let details = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(details?["floor"] as? String == "B \"2\"\\\n")
        #expect(details?["method"] as? String == "uwb")
        #expect(details?["threshold"] as? Double == 2)
        #expect(details?["value"] == nil)
    }

    @Test("a NUL in the tag id does not reach the text column")
    func nulInMessage() throws {
        let alert = Alert(
            alertID: 1, ruleID: "battery", kind: .lowBattery, severity: .info, state: .fired, time: Self.time,
            tag: "ab\0cd", value: 5, threshold: 10)
        var writer = BinaryCopyWriter()
        AlertRow(alert, tagID: 1, gatewayID: nil, zoneID: nil).encode(into: &writer)
        writer.finish()
        let message = try #require(try decodeCopyStream(writer.bytes)[0][9])
        #expect(!message.contains(0))
        #expect(text(message).contains("ab\\u{0}cd"))  // escaped visibly in the sentence (UntrustedText)
    }
}
