import Foundation
import RTLSCore
import Testing

@testable import rtls_sim

/// Each payload builder, decoded by rtlsd's own decoder (chosen by the generated routes), gives back
/// the reading the simulator meant.
@Suite struct VendorPayloadsTests {
    static let ms: Int64 = 1_795_435_200_250
    static let vendor = TrafficPlan(format: .vendor, ble: .espresense)

    @Test func espresenseSightingIsTheTagInTheTopicsRoom() throws {
        let decoding = try SimDecoding(plan: Self.vendor)
        let payload = VendorPayloads.espresense(
            tag: "E28011700000020A000007", rssi: -71.6, distance: 3.456, speed: 0.02)
        let d = try decoding.decode(topic: "espresense/devices/x/b1-f2-r5", text: payload, receivedMs: Self.ms)
        #expect(d.decoderID == "espresense")
        #expect(d.output.rejected.isEmpty)
        let r = try #require(d.output.readings.first)
        #expect(d.output.readings.count { !$0.isSensor } == 1)
        #expect(d.output.readings.first { $0.metric.string == "distance" }?.value == 3.46)  // published to 2 decimals
        #expect(r.kind == .ble)
        #expect(r.tag.string == "E28011700000020A000007")
        #expect(r.rssi == -72)
        #expect(r.zone.string == "b1-f2-r5")
        #expect(r.gateway.string == "b1-f2-r5")
    }

    @Test func minewMessageIsAHeartbeatAndTheSighting() throws {
        let decoding = try SimDecoding(plan: TrafficPlan(format: .vendor, ble: .minew))
        let text =
            "[" + VendorPayloads.minewHeartbeat(gateway: "AC233F101005", ms: Self.ms) + ","
            + VendorPayloads.minewSighting(mac: "C30000000007", rssi: -64.4, battery: 87, ms: Self.ms) + "]"
        let d = try decoding.decode(topic: "gw/AC233F101005/status", text: text, receivedMs: Self.ms)
        #expect(d.decoderID == "minew-g1")
        #expect(d.output.rejected.isEmpty)
        #expect(d.output.gatewayStatus.map { $0.gateway.string } == ["AC233F101005"])
        let r = try #require(d.output.readings.first)
        #expect(d.output.readings.count { !$0.isSensor } == 1)
        #expect(r.kind == .ble)
        #expect(r.tag.string == "C30000000007")
        #expect(r.gateway.string == "AC233F101005")
        #expect(r.rssi == -64)
        #expect(r.battery == 87)
        #expect(r.time == Timestamp(milliseconds: Self.ms))
    }

    @Test func zebraTagDataEventIsAnRFIDReadAtAntennaOne() throws {
        let decoding = try SimDecoding(plan: Self.vendor)
        let event = VendorPayloads.zebra(epc: "E28011700000020A000012", antenna: 1, rssi: -52, eventNum: 3, ms: Self.ms)
        let text = "[" + event + "]"
        let d = try decoding.decode(topic: "zebra/portal-1/data", text: text, receivedMs: Self.ms)
        #expect(d.decoderID == "zebra-fx")
        #expect(d.output.rejected.isEmpty)
        let r = try #require(d.output.readings.first)
        #expect(d.output.readings.count { !$0.isSensor } == 1)  // plus a read_count metric row
        #expect(r.kind == .rfid)
        #expect(r.tag.string == "E28011700000020A000012")
        #expect(r.gateway.string == "portal-1")
        #expect(r.antenna == 1)
        #expect(r.rssi == -52)
        #expect(r.time == Timestamp(milliseconds: Self.ms))
    }

    @Test func zigbeeStateIsFourSensorReadingsOfTheFriendlyName() throws {
        let decoding = try SimDecoding(plan: Self.vendor)
        let text = VendorPayloads.zigbeeState(celsius: 7.34, humidity: 51.26, battery: 93, ms: Self.ms)
        let d = try decoding.decode(topic: "zigbee2mqtt/fridge-2", text: text, receivedMs: Self.ms)
        #expect(d.decoderID == "zigbee2mqtt")
        #expect(d.output.rejected.isEmpty)
        #expect(d.output.readings.count == VendorPayloads.zigbeeReadingsPerMessage)
        var values: [String: Double] = [:]
        for r in d.output.readings {
            #expect(r.tag.string == "fridge-2")
            #expect(r.gateway.string == TrafficPlan.zigbeeBase)
            values[r.metric.string] = r.value
        }
        #expect(values["temperature"] == 7.3)
        #expect(values["humidity"] == 51.3)
        #expect(values["battery"] == 93)
        #expect(values["linkquality"] == 65)
    }

    @Test(arguments: [Optional("CAR-PARK"), nil])
    func owntracksLocationIsAGPSFixOfUserAndDevice(region: String?) throws {
        let decoding = try SimDecoding(plan: Self.vendor)
        let fix = GPSCampus.degrees(east: 300.4, north: 70.2)
        let text = VendorPayloads.owntracksLocation(
            lat: fix.lat, lon: fix.lon, ms: Self.ms, acc: 9, battery: 77, region: region)
        let d = try decoding.decode(topic: "owntracks/transport/wc-01", text: text, receivedMs: Self.ms)
        #expect(d.decoderID == "owntracks")
        #expect(d.output.rejected.isEmpty)
        let r = try #require(d.output.readings.first)
        #expect(d.output.readings.count { !$0.isSensor } == 1)
        #expect(r.kind == .gps)
        #expect(r.tag.string == "transport/wc-01")
        #expect(r.lat == fix.lat)
        #expect(r.lon == fix.lon)
        #expect(r.accuracy == 9)
        #expect(r.battery == 77)
        #expect(r.zone.string == (region ?? ""))
        // OwnTracks `tst` is whole seconds.
        #expect(r.time == Timestamp(milliseconds: Self.ms / 1000 * 1000))
    }

    @Test func rtlsJSONItemsAreTheirFourKinds() throws {
        let decoding = try SimDecoding(plan: TrafficPlan(format: .rtlsJSON, ble: .espresense))
        let items = [
            VendorPayloads.rtlsBLE(tag: "T1", rssi: -70.26, battery: 55, ms: Self.ms),
            VendorPayloads.rtlsRFID(tag: "T2", zone: "B1-F1-LOADING-DOCK", ms: Self.ms + 1),
            VendorPayloads.rtlsTemperature(sensor: "fridge-1", celsius: 4.96, ms: Self.ms + 2),
            VendorPayloads.rtlsGPS(
                tag: "transport/amb-01", lat: 47.3711, lon: 8.5401, acc: 5, battery: 66, zone: "CAMPUS",
                ms: Self.ms + 3),
        ]
        let d = try decoding.decode(
            topic: "rtls/gw-101001/readings", text: "[" + items.joined(separator: ",") + "]", receivedMs: Self.ms)
        #expect(d.decoderID == "rtls-json")
        #expect(d.output.rejected.isEmpty)
        try #require(d.output.readings.count == 4)
        let r = d.output.readings
        let (ble, rfid, temp, gps) = (r[0], r[1], r[2], r[3])
        #expect(ble.kind == .ble && ble.tag.string == "T1" && ble.rssi == -70.3 && ble.battery == 55)
        #expect(ble.gateway.string == "gw-101001")
        #expect(rfid.kind == .rfid && rfid.antenna == 1 && rfid.zone.string == "B1-F1-LOADING-DOCK")
        #expect(temp.isSensor && temp.metric.string == "temperature" && temp.value == 5.0 && temp.unit.string == "C")
        #expect(gps.kind == .gps && gps.lat == 47.3711 && gps.lon == 8.5401 && gps.accuracy == 5)
        #expect(gps.zone.string == "CAMPUS" && gps.tag.string == "transport/amb-01")
        #expect(d.output.readings.map(\.time) == (0..<4).map { Timestamp(milliseconds: Self.ms + Int64($0)) })
    }

    @Test(arguments: [Int64(0), 1_795_435_200_250, 951_782_400_500, 4_107_542_399_125, -750])
    func iso8601MatchesFoundation(ms: Int64) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        #expect(VendorPayloads.iso8601(ms) == formatter.string(from: date))
    }

    @Test(arguments: [(-0.04, "0.0", "-0.04"), (7.25, "7.3", "7.25"), (-59.96, "-60.0", "-59.96"), (3, "3.0", "3.00")])
    func fixedDecimalsRoundHalfAwayFromZero(value: Double, one: String, two: String) {
        #expect(VendorPayloads.fixed1(value) == one)
        #expect(VendorPayloads.fixed2(value) == two)
        #expect(Double(VendorPayloads.fixed1(value)) == VendorPayloads.rounded1(value))
    }
}
