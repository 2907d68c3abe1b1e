/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum iSCSI (RFC 3720), ext4 and
/// many log formats use. Slicing-by-8 (eight 256-entry tables, eight bytes per step) for arrays and
/// array slices, ~4× the byte-at-a-time loop: the write-ahead log checks every MQTT message on the
/// MQTT thread. Any other sequence goes one byte at a time.
public enum CRC32C {
    /// `tables[k * 256 + b]`: the CRC of byte `b` followed by `k` zero bytes.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var crc = UInt32(i)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            t[i] = crc
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let previous = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()

    /// The CRC-32C of `bytes`.
    /// - Parameter bytes: the data to check.
    /// - Returns: the checksum, as RFC 3720 appendix B.4 lists it (e.g. 32 zero bytes → `0x8A9136AA`).
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        self.update(0, with: bytes)
    }

    /// The CRC-32C of `bytes` (slicing-by-8).
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        self.update(0, with: bytes[...])
    }

    /// The CRC-32C of `bytes` (slicing-by-8).
    public static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        self.update(0, with: bytes)
    }

    /// Continues a checksum over more bytes: `update(checksum(a), with: b) == checksum(a + b)`.
    /// - Parameters:
    ///   - crc: the checksum of the bytes so far (0 for none).
    ///   - bytes: the next bytes.
    /// - Returns: the checksum of all the bytes.
    public static func update(_ crc: UInt32, with bytes: some Sequence<UInt8>) -> UInt32 {
        var value = ~crc
        let table = self.tables
        for byte in bytes {
            value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8)
        }
        return ~value
    }

    /// ``update(_:with:)`` eight bytes per step.
    public static func update(_ crc: UInt32, with bytes: ArraySlice<UInt8>) -> UInt32 {
        var value = ~crc
        let t = self.tables
        var i = bytes.startIndex
        let end = bytes.endIndex
        while end - i >= 8 {
            let lo = value
                ^ (UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
            let hi = UInt32(bytes[i + 4]) | UInt32(bytes[i + 5]) << 8 | UInt32(bytes[i + 6]) << 16 | UInt32(bytes[i + 7]) << 24
            value =
                t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                ^ t[256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
            i += 8
        }
        while i < end {
            value = t[Int((value ^ UInt32(bytes[i])) & 0xFF)] ^ (value >> 8)
            i += 1
        }
        return ~value
    }
}
