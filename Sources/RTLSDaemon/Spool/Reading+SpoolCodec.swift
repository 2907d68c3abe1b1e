import RTLSCore

/// The spool's compact binary form of a ``Reading`` (codec version 1), little-endian:
///
/// `time i64, receivedAt i64, kind u8, flags u8, present u16`, then each optional field whose bit is
/// set in `present`, in this order — `rssi f32, antenna i16, x f32, y f32, z f32, lat f64, lon f64,
/// accuracy f32, battery f32, value f64` — then `tag, gateway, zone, metric, unit`, each as a
/// `u8` length and UTF-8 bytes. A location reading with RSSI and a 24-character EPC takes ~50 bytes.
/// A new field means a new codec version; version 1 records stay readable.
extension Reading {
    /// The codec version ``encodeSpool(into:)`` writes.
    static let spoolCodecVersion: UInt8 = 1

    private enum Present {
        static let rssi: UInt16 = 1 << 0
        static let antenna: UInt16 = 1 << 1
        static let x: UInt16 = 1 << 2
        static let y: UInt16 = 1 << 3
        static let z: UInt16 = 1 << 4
        static let lat: UInt16 = 1 << 5
        static let lon: UInt16 = 1 << 6
        static let accuracy: UInt16 = 1 << 7
        static let battery: UInt16 = 1 << 8
        static let value: UInt16 = 1 << 9
        static let known: UInt16 = (1 << 10) - 1
    }

    /// Appends this reading in codec version 1.
    func encodeSpool(into out: inout [UInt8]) {
        out.appendLE(self.time.microseconds)
        out.appendLE(self.receivedAt.microseconds)
        out.append(self.kind.rawValue)
        out.append(self.flags.rawValue)
        var present: UInt16 = 0
        if self.rssi != nil { present |= Present.rssi }
        if self.antenna != nil { present |= Present.antenna }
        if self.x != nil { present |= Present.x }
        if self.y != nil { present |= Present.y }
        if self.z != nil { present |= Present.z }
        if self.lat != nil { present |= Present.lat }
        if self.lon != nil { present |= Present.lon }
        if self.accuracy != nil { present |= Present.accuracy }
        if self.battery != nil { present |= Present.battery }
        if self.value != nil { present |= Present.value }
        out.appendLE(present)
        if let v = self.rssi { out.appendLE(v.bitPattern) }
        if let v = self.antenna { out.appendLE(v) }
        if let v = self.x { out.appendLE(v.bitPattern) }
        if let v = self.y { out.appendLE(v.bitPattern) }
        if let v = self.z { out.appendLE(v.bitPattern) }
        if let v = self.lat { out.appendLE(v.bitPattern) }
        if let v = self.lon { out.appendLE(v.bitPattern) }
        if let v = self.accuracy { out.appendLE(v.bitPattern) }
        if let v = self.battery { out.appendLE(v.bitPattern) }
        if let v = self.value { out.appendLE(v.bitPattern) }
        out.appendInline(self.tag)
        out.appendInline(self.gateway)
        out.appendInline(self.zone)
        out.appendInline(self.metric)
        out.appendInline(self.unit)
    }

    /// Reads one reading written by ``encodeSpool(into:)``.
    /// - Throws: `SpoolError.Code.corrupt` when the bytes end early or hold impossible values.
    init(spool reader: inout SpoolByteReader) throws(SpoolError) {
        let time = try reader.read(Int64.self)
        let receivedAt = try reader.read(Int64.self)
        guard let kind = SourceKind(rawValue: try reader.read(UInt8.self)) else {
            throw SpoolError(.corrupt, detail: "unknown source kind")
        }
        let flags = ReadingFlags(rawValue: try reader.read(UInt8.self))
        let present = try reader.read(UInt16.self)
        guard present & ~Present.known == 0 else { throw SpoolError(.corrupt, detail: "unknown field bits") }
        self.init(
            time: Timestamp(microseconds: time), receivedAt: Timestamp(microseconds: receivedAt), kind: kind,
            tag: TagID())
        self.flags = flags
        if present & Present.rssi != 0 { self.rssi = Float(bitPattern: try reader.read(UInt32.self)) }
        if present & Present.antenna != 0 { self.antenna = try reader.read(Int16.self) }
        if present & Present.x != 0 { self.x = Float(bitPattern: try reader.read(UInt32.self)) }
        if present & Present.y != 0 { self.y = Float(bitPattern: try reader.read(UInt32.self)) }
        if present & Present.z != 0 { self.z = Float(bitPattern: try reader.read(UInt32.self)) }
        if present & Present.lat != 0 { self.lat = Double(bitPattern: try reader.read(UInt64.self)) }
        if present & Present.lon != 0 { self.lon = Double(bitPattern: try reader.read(UInt64.self)) }
        if present & Present.accuracy != 0 { self.accuracy = Float(bitPattern: try reader.read(UInt32.self)) }
        if present & Present.battery != 0 { self.battery = Float(bitPattern: try reader.read(UInt32.self)) }
        if present & Present.value != 0 { self.value = Double(bitPattern: try reader.read(UInt64.self)) }
        self.tag = try reader.readInline()
        self.gateway = try reader.readInline()
        self.zone = try reader.readInline()
        self.metric = try reader.readInline()
        self.unit = try reader.readInline()
    }
}
