import RTLSCore
import RTLSPostgres
import Testing

/// The row fast path (`CopyRowEncoder` behind `LocationReadingRow`/`SensorReadingRow.encode`) must
/// write exactly the bytes of the field-by-field `BinaryCopyWriter` primitives it replaced.
@Suite("CopyRowEncoder")
struct CopyRowEncoderTests {
    /// SplitMix64: a fixed, seedable sequence so every run checks the same readings.
    struct Mix {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(self.next() % UInt64(n)) }
        mutating func chance(_ oneIn: Int) -> Bool { self.below(oneIn) == 0 }
    }

    static let floats: [Float] = [
        0, -0.0, 1, -61.5, .nan, -.nan, .signalingNaN, .infinity, -.infinity, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, .ulpOfOne,
    ]
    static let doubles: [Double] = [
        0, -0.0, 52.520008, -13.404954, .nan, -.nan, .signalingNaN, .infinity, -.infinity,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .ulpOfOne,
    ]
    static let int16s: [Int16] = [0, 1, -1, 3, .min, .max, 0x0102]
    static let int32s: [Int32] = [0, 1, -1, 41, .min, .max, 0x0102_0304]
    static let int64s: [Int64] = [0, 1, -1, 1_718_900_000_123_456, 946_684_800_000_000, .min, .max]
    static let names: [String] = [
        "", "t", "E2801160600002", "AC:23:3F:A1:B2:C3", "Raum 2.014 Ü", "病棟-3F", "🛏️ bed 12",
        String(repeating: "x", count: 32), String(repeating: "Ä", count: 16),
    ]

    static func pick<T>(_ values: [T], _ mix: inout Mix) -> T { values[mix.below(values.count)] }

    static func float(_ mix: inout Mix) -> Float? {
        if mix.chance(3) { return nil }
        return mix.chance(2) ? pick(Self.floats, &mix) : Float(bitPattern: UInt32(truncatingIfNeeded: mix.next()))
    }

    static func double(_ mix: inout Mix) -> Double? {
        if mix.chance(3) { return nil }
        return mix.chance(2) ? pick(Self.doubles, &mix) : Double(bitPattern: mix.next())
    }

    static func int64(_ mix: inout Mix) -> Int64 {
        mix.chance(2) ? pick(Self.int64s, &mix) : Int64(bitPattern: mix.next())
    }

    static func int32(_ mix: inout Mix) -> Int32 {
        mix.chance(2) ? pick(Self.int32s, &mix) : Int32(truncatingIfNeeded: mix.next())
    }

    static func int16(_ mix: inout Mix) -> Int16 {
        mix.chance(2) ? pick(Self.int16s, &mix) : Int16(truncatingIfNeeded: mix.next())
    }

    static func reading(_ mix: inout Mix) -> Reading {
        let kind = pick(Array(SourceKind.allCases), &mix)
        var r = Reading(
            time: Timestamp(microseconds: int64(&mix)), receivedAt: Timestamp(microseconds: int64(&mix)),
            kind: kind, tag: TagID(pick(Self.names, &mix)) ?? TagID(),
            gateway: GatewayID(pick(Self.names, &mix)) ?? GatewayID())
        r.flags = ReadingFlags(rawValue: UInt8(truncatingIfNeeded: mix.next()))
        r.rssi = float(&mix)
        r.antenna = mix.chance(3) ? nil : int16(&mix)
        r.x = float(&mix)
        r.y = float(&mix)
        r.z = float(&mix)
        r.lat = double(&mix)
        r.lon = double(&mix)
        r.accuracy = float(&mix)
        r.battery = float(&mix)
        r.zone = ZoneName(pick(Self.names, &mix)) ?? ZoneName()
        r.value = double(&mix)
        return r
    }

    /// The encoding before the fast path, spelled with the public field-by-field primitives.
    static func referenceEncode(_ row: LocationReadingRow, into writer: inout BinaryCopyWriter) {
        let r = row.reading
        writer.beginRow(fieldCount: LocationReadingRow.table.fieldCount)
        writer.append(r.time)
        writer.append(r.receivedAt)
        writer.append(row.tagID)
        writer.append(row.gatewayID)
        writer.append(Int16(r.kind.rawValue))
        writer.append(Int16(r.flags.rawValue))
        writer.append(r.rssi)
        writer.append(r.antenna)
        writer.append(r.x)
        writer.append(r.y)
        writer.append(r.z)
        writer.append(r.lat)
        writer.append(r.lon)
        writer.append(r.accuracy)
        writer.append(r.battery)
        writer.append(row.zoneID)
    }

    static func referenceEncode(_ row: SensorReadingRow, into writer: inout BinaryCopyWriter) {
        let r = row.reading
        writer.beginRow(fieldCount: SensorReadingRow.table.fieldCount)
        writer.append(r.time)
        writer.append(r.receivedAt)
        writer.append(row.tagID)
        writer.append(row.gatewayID)
        writer.append(row.metricID)
        writer.append(r.value)
        writer.append(Int16(r.flags.rawValue))
    }

    @Test("location and sensor rows match the field-by-field encoding byte for byte", arguments: [1, 2, 3])
    func matchesReference(seed: UInt64) throws {
        var mix = Mix(state: seed)
        // Tiny initial capacity: rows regularly land on a buffer that must grow.
        var fast = BinaryCopyWriter(reservingCapacity: 0)
        var reference = BinaryCopyWriter(reservingCapacity: 0)
        var rows = 0
        for _ in 0..<3_000 {
            let r = Self.reading(&mix)
            let gatewayID: Int32? = mix.chance(3) ? nil : Self.int32(&mix)
            let before = fast.bytes.count
            if mix.chance(3) {
                let row = SensorReadingRow(r, tagID: Self.int32(&mix), gatewayID: gatewayID, metricID: Self.int16(&mix))
                row.encode(into: &fast)
                Self.referenceEncode(row, into: &reference)
            } else {
                let zoneID: Int32? = mix.chance(3) ? nil : Self.int32(&mix)
                let row = LocationReadingRow(r, tagID: Self.int32(&mix), gatewayID: gatewayID, zoneID: zoneID)
                row.encode(into: &fast)
                Self.referenceEncode(row, into: &reference)
            }
            rows += 1
            #expect(fast.bytes[before...] == reference.bytes[before...])
            if fast.bytes.count != reference.bytes.count { break }
        }
        fast.finish()
        reference.finish()
        #expect(fast.bytes == reference.bytes)
        #expect(fast.rowCount == rows)
        // Every row carries as many fields as its table has columns (the fast path's field-count word).
        let decoded = try decodeCopyStream(fast.bytes)
        #expect(decoded.count == rows)
        let widths = Set([LocationReadingRow.table.columns.count, SensorReadingRow.table.columns.count])
        #expect(Set(decoded.map(\.count)) == widths)
    }

    @Test("all-NULL and all-present extremes match, and fields decode back")
    func extremes() throws {
        var r = Reading(
            time: Timestamp(microseconds: .min), receivedAt: Timestamp(microseconds: .max), kind: .uwb,
            tag: TagID(String(repeating: "z", count: 64)) ?? TagID())
        var fast = BinaryCopyWriter()
        var reference = BinaryCopyWriter()
        let sparse = LocationReadingRow(r, tagID: .min, gatewayID: nil, zoneID: nil)
        sparse.encode(into: &fast)
        Self.referenceEncode(sparse, into: &reference)
        // A reading holds no NaN (set, it reads back as none: ReadingLayoutTests), so the extremes are finite
        // limits and infinities.
        r.rssi = .greatestFiniteMagnitude
        r.antenna = .min
        r.x = .infinity
        r.y = -.infinity
        r.z = -0.0
        r.lat = .infinity
        r.lon = -.greatestFiniteMagnitude
        r.accuracy = .leastNonzeroMagnitude
        r.battery = -.leastNonzeroMagnitude
        r.value = .infinity
        let full = LocationReadingRow(r, tagID: .max, gatewayID: .min, zoneID: .max)
        full.encode(into: &fast)
        Self.referenceEncode(full, into: &reference)
        let sensor = SensorReadingRow(r, tagID: -1, gatewayID: nil, metricID: .max)
        sensor.encode(into: &fast)
        Self.referenceEncode(sensor, into: &reference)
        fast.finish()
        reference.finish()
        #expect(fast.bytes == reference.bytes)
        let decoded = try decodeCopyStream(fast.bytes)
        #expect(decoded.count == 3)
        // Sparse row: 11 NULLs out of 16; full row: every field present, each at its widest.
        #expect(decoded[0].filter { $0 == nil }.count == 11)
        #expect(decoded[1].allSatisfy { $0 != nil })
        // Int64.min microseconds wraps past PostgreSQL's epoch shift; the stored word is the wrapped value.
        #expect(try integer(#require(decoded[1][0]), as: Int64.self) == r.time.postgresMicroseconds)
        #expect(try float4(#require(decoded[1][8])) == .infinity)
        #expect(try float8(#require(decoded[1][11])) == .infinity)
        #expect(try integer(#require(decoded[2][4]), as: Int16.self) == .max)
    }

    @Test("InlineString text matches the length word plus its UTF-8 bytes", arguments: Self.names)
    func inlineText(name: String) throws {
        let tag = try #require(TagID(name))
        var expected: [UInt8] = []
        let count = UInt32(name.utf8.count)
        expected += [UInt8(count >> 24), UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF)]
        expected += Array(name.utf8)
        #expect(encodeField(tag) == expected)
    }
}
