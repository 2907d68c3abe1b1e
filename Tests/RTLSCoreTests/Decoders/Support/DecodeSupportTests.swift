import Testing

@testable import RTLSCore

/// Helpers the decoders' hot paths use: word-at-a-time hex checks, sensor readings built in place,
/// topic segments read as byte ranges.
@Suite struct DecodeSupportTests {
    static func isHex(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c)
    }

    /// Every byte value at every position among hex and non-hex neighbours.
    @Test(arguments: [UInt8(0x30), 0x66, 0x41, 0x00, 0xFF, 0x47])
    func allHexDigitsMatchesTheByteRule(_ filler: UInt8) {
        for position in 0..<8 {
            for value in 0...255 {
                var bytes = [UInt8](repeating: filler, count: 8)
                bytes[position] = UInt8(value)
                var w: UInt64 = 0
                for k in 0..<8 { w |= UInt64(bytes[k]) << UInt64(8 * k) }
                #expect(HexText.allHexDigits(w) == bytes.allSatisfy(Self.isHex), "\(bytes)")
            }
        }
    }

    /// A bad character anywhere in a long hex text makes it invalid (word part and tail alike).
    @Test func hexTextValidity() {
        let good = Array("0201061AFF4C000215fda50693a4e24fb1afcfc6eb0764782527".utf8)
        #expect(HexText(bytes: good, range: 0..<good.count).isValid)
        #expect(!HexText(bytes: good, range: 0..<(good.count - 1)).isValid)  // odd length
        for k in 0..<good.count {
            var bad = good
            bad[k] = UInt8(ascii: "g")
            #expect(!HexText(bytes: bad, range: 0..<bad.count).isValid, "bad at \(k)")
        }
    }

    /// Bytes decoded once into a fixed buffer equal the byte-by-byte reads, digits of either case; bytes
    /// past the end of the text (or before it) read as zero.
    @Test func hexTextDecodedOnce() {
        let text = Array("xx0201061bFF99040512fc5394C37C0004FFFC040CAC364200CDCBB8334C884F".utf8)
        let hex = HexText(bytes: text, range: 2..<text.count)
        let count = hex.count!
        for start in [0, 1, 5, count - 3] {
            for wanted in [0, 3, 24, 40] {
                let decoded: InlineArray<40, UInt8> = hex.decoded(from: start, count: wanted)
                for k in 0..<40 {
                    let expected = k < wanted ? hex.byte(start + k) ?? 0 : 0
                    #expect(decoded[k] == expected, "from \(start), \(wanted) bytes: byte \(k)")
                }
            }
        }
        let none: InlineArray<4, UInt8> = hex.decoded(from: count + 3, count: 4)
        for k in 0..<4 { #expect(none[k] == 0) }
        let before: InlineArray<4, UInt8> = hex.decoded(from: -1, count: 4)
        for k in 0..<4 { #expect(before[k] == 0) }
    }

    /// Eight digits decoded at once equal the digit-by-digit value: every byte value, in either case, at
    /// each of the four positions of the word.
    @Test func hexWordDecodesEveryByteInEitherCase() {
        let upper = Array("0123456789ABCDEF".utf8)
        let lower = Array("0123456789abcdef".utf8)
        for value in 0...255 {
            for position in 0..<4 {
                for digits in [upper, lower] {
                    var text = Array("0F1e2D3c".utf8)
                    text[2 * position] = digits[value >> 4]
                    text[2 * position + 1] = digits[value & 0xF]
                    var w: UInt64 = 0
                    for k in 0..<8 { w |= UInt64(text[k]) << UInt64(8 * k) }
                    let four = HexText.decodedWord(w)
                    for k in 0..<4 {
                        let expected = HexText.digitValue(text[2 * k]) << 4 | HexText.digitValue(text[2 * k + 1])
                        #expect(UInt8(truncatingIfNeeded: four >> UInt32(8 * k)) == expected)
                    }
                    #expect(UInt8(truncatingIfNeeded: four >> UInt32(8 * position)) == UInt8(value))
                }
            }
        }
    }

    /// A location reading with every field a sensor reading must not carry over set.
    static func fullLocationReading() -> Reading {
        var base = Reading(
            time: Timestamp(microseconds: 10), receivedAt: Timestamp(microseconds: 20), kind: .ble, tag: "AC233F000001",
            gateway: "gw-1")
        base.flags = [.clockSkewed]
        base.zone = "ward-3"
        base.rssi = -60
        base.antenna = 2
        base.x = 1
        base.y = 2
        base.z = 3
        base.lat = 4
        base.lon = 5
        base.accuracy = 6
        base.battery = 7
        base.sequence = 99
        return base
    }

    /// A sensor reading appended from a ``SensorTemplate`` is the one appended from the location reading.
    @Test func sensorTemplateGivesTheSameReading() {
        let base = Self.fullLocationReading()
        var fromBase = DecodeOutput()
        var fromTemplate = DecodeOutput()
        let template = SensorTemplate(base)
        for (metric, value) in [(SensorMetric.temperature, 21.5), (SensorMetric.humidity, 40), (SensorMetric.co2, .nan)] {
            fromBase.appendSensor(base, metric: metric, value: value, unit: SensorUnit.none)
            fromTemplate.appendSensor(template, metric: metric, value: value, unit: SensorUnit.none)
        }
        #expect(fromTemplate.readings.count == 2)
        #expect(fromTemplate.readings == fromBase.readings)
        #expect(fromTemplate.nulled.map(\.description) == fromBase.nulled.map(\.description))
    }

    /// A sensor reading made from a location reading in place equals one built from scratch: nothing
    /// of the location observation (RSSI, antenna, position, battery, log position) is carried over.
    @Test func sensorReadingDerivedFromAFullReading() {
        let base = Self.fullLocationReading()
        var output = DecodeOutput()
        output.appendSensor(base, metric: SensorMetric.temperature, value: 21.5, unit: SensorUnit.celsius)

        var expected = Reading(
            time: base.time, receivedAt: base.receivedAt, kind: .sensor, tag: base.tag, gateway: base.gateway)
        expected.flags = base.flags
        expected.zone = base.zone
        expected.metric = "temperature"
        expected.value = 21.5
        expected.unit = "C"
        #expect(output.readings == [expected])
    }

    @Test func topicSegmentsAsRanges() {
        let segments = TopicSegments(topic: "home/OMG_ESP32_BLE/BTtoMQTT/A4C138AABBCC")
        #expect(segments.firstIndex(of: "BTtoMQTT") == 2)
        #expect(segments.firstIndex(of: "home") == 0)
        #expect(segments.firstIndex(of: "BTto") == nil)
        #expect(segments.rangeFromEnd(0) == 28..<40)
        #expect(segments.rangeFromEnd(3) == 0..<4)
        #expect(segments.rangeFromEnd(4) == nil)
        let tail: TagID? = segments.inline(28..<40)
        #expect(tail == "A4C138AABBCC")
        let tooLong: InlineString<4>? = segments.inline(28..<40)
        #expect(tooLong == nil)
        #expect(segments.bytes(in: segments.range(1)!, equal: "OMG_ESP32_BLE"))
        #expect(TopicSegments(topic: "a//").rangeFromEnd(0) == 3..<3)
        #expect(TopicSegments(topic: "a//").firstIndex(of: "") == 1)
        #expect(TopicSegments(topic: "").rangeFromEnd(0) == 0..<0)
    }

    /// The segment before a literal answers as `firstIndex(of:)` then `range(_:)` of the one before.
    @Test(arguments: [
        "home/OMG_ESP32_BLE/BTtoMQTT/A4C138AABBCC", "BTtoMQTT/x", "a/BTtoMQTT", "a/b", "", "/BTtoMQTT",
        "x/BTtoMQTTx/y/BTtoMQTT/z", "a/BTtoMQTT/BTtoMQTT", "BTto/MQTT", "a//BTtoMQTT",
    ])
    func rangeBeforeALiteral(_ topic: String) {
        let segments = TopicSegments(topic: topic)
        var expected: Range<Int>? = nil
        if let index = segments.firstIndex(of: "BTtoMQTT"), index > 0 { expected = segments.range(index - 1) }
        #expect(segments.range(before: "BTtoMQTT") == expected, "\(topic)")
    }
}
