/// What rtlsd reads from a raw BLE advertisement (hex AD structures, Core Spec Vol 3 Part C §11):
/// Apple iBeacon (manufacturer data `4C00 0215`), Eddystone frames (service data `AAFE`, see
/// ``EddystoneFrame``), and where the manufacturer-specific payload sits, for formats decoded elsewhere
/// (Ruuvi `9904`, see ``RuuviAdvertisement``).
struct BLEAdvertisement: BitwiseCopyable {
    /// `uuid-major-minor` of an iBeacon, lower-case UUID with dashes.
    var iBeacon: TagID?
    /// The iBeacon's measured power (calibrated RSSI at 1 m), dBm.
    var iBeaconTxPower: Int8?
    /// The Eddystone frame, when the advertisement carries one.
    var eddystone: EddystoneFrame?
    /// Byte offset (within the advertisement) of manufacturer data for company id `manufacturerID`.
    var manufacturerOffset: Int?
    /// Company id of the manufacturer data (little-endian in the air, e.g. 0x0499 Ruuvi).
    var manufacturerID: UInt16?
    /// Length of the manufacturer data after the company id.
    var manufacturerLength: Int = 0

    /// The Eddystone-UID `namespace-instance`, when the advertisement is one.
    var eddystoneUID: TagID? {
        if case .uid(let id, _) = self.eddystone { return id }
        return nil
    }

    /// Parses the AD structures; `nil` when the hex is malformed or a length runs past the end.
    init?(_ hex: HexText) {
        guard hex.isValid, let total = hex.count else { return nil }
        var i = 0
        while i < total {
            guard let length = hex.byte(i).map(Int.init) else { return nil }
            if length == 0 { break }  // padding
            guard i + 1 + length <= total, let type = hex.byte(i + 1) else { return nil }
            let data = i + 2
            let dataLength = length - 1
            switch type {
            case 0xFF where dataLength >= 2:
                let company = UInt16(hex.byte(data + 1) ?? 0) << 8 | UInt16(hex.byte(data) ?? 0)
                self.manufacturerID = company
                self.manufacturerOffset = data + 2
                self.manufacturerLength = dataLength - 2
                if company == 0x004C && dataLength >= 25 && hex.byte(data + 2) == 0x02 && hex.byte(data + 3) == 0x15 {
                    self.iBeacon = Self.iBeaconID(hex, uuidAt: data + 4)
                    self.iBeaconTxPower = hex.byte(data + 24).map { Int8(bitPattern: $0) }
                }
            case 0x16 where dataLength >= 3 && hex.byte(data) == 0xAA && hex.byte(data + 1) == 0xFE:
                self.eddystone = EddystoneFrame(hex, frame: data + 2, length: dataLength - 2)
            default:
                break
            }
            i += 1 + length
        }
    }

    /// `uuid-major-minor` from 16 UUID bytes followed by big-endian major and minor, copying the hex
    /// digits straight from the text (lower-cased) rather than decoding and re-encoding them.
    ///
    /// - Important: `hex` must be valid (``HexText/isValid``, checked by ``init(_:)``): a hex digit
    ///   lower-cases by setting bit 5 (`A`–`F` → `a`–`f`; `0`–`9` already have it).
    static func iBeaconID(_ hex: HexText, uuidAt offset: Int) -> TagID {
        var id = TagID()
        let span = hex.bytes.span
        let start = hex.range.lowerBound + 2 * offset
        var n = 0
        for k in 0..<32 {
            if k == 8 || k == 12 || k == 16 || k == 20 {
                id.storage[n] = UInt8(ascii: "-")
                n += 1
            }
            id.storage[n] = span[start + k] | 0x20
            n += 1
        }
        id.length = UInt8(n)
        id.append(UInt8(ascii: "-"))
        id.append(decimal: Int(hex.uint16(offset + 16) ?? 0))
        id.append(UInt8(ascii: "-"))
        id.append(decimal: Int(hex.uint16(offset + 18) ?? 0))
        return id
    }
}
