/// One Eddystone service-data frame (service UUID `0xFEAA`), as specified in github.com/google/eddystone
/// (`protocol-specification.md`, `eddystone-uid/README.md`, `eddystone-url/README.md`,
/// `eddystone-tlm/tlm-plain.md`).
///
/// UID, URL and plain TLM frames are read; EID frames (rotating ids, useless without the beacon's key),
/// encrypted TLM, reserved frame types and frames of the wrong length are ``unsupported(_:)``, so the
/// decoder counts them instead of storing a sighting under an id nobody can resolve.
///
/// Trivially copyable (the reason a frame is unsupported is a ``Refusal``, turned into a `DecodeError`
/// only when it is thrown), so an advertisement is copied without reference counting.
enum EddystoneFrame: Equatable, BitwiseCopyable {
    /// Eddystone-UID: `namespace-instance` (20 + 1 + 12 lower-case hex digits) and the tx power at 0 m.
    case uid(TagID, txPower: Int8)
    /// Eddystone-URL: only the tx power at 0 m is kept; the URL names a web page, not a device.
    case url(txPower: Int8)
    /// Eddystone-TLM version 0 (unencrypted telemetry).
    case tlm(EddystoneTLM)
    /// A frame rtlsd does not store, with the reason (``Refusal/error``: `unsupported_event`, or `wrong_type`
    /// for a bad length).
    case unsupported(Refusal)

    /// Why a frame is not stored.
    enum Refusal: Equatable, BitwiseCopyable {
        /// A UID, URL or TLM frame (named by its type byte) of `length` bytes, which its type does not allow.
        case badLength(type: UInt8, length: Int)
        case encryptedTLM
        case unknownTLMVersion
        case eid
        case reservedType

        /// The error the decoder records.
        var error: DecodeError {
            switch self {
            case .badLength(let type, let length):
                let (name, expected) =
                    switch type {
                    case 0x00: ("UID", "18 or 20")
                    case 0x10: ("URL", "4 to 20")
                    default: ("TLM", "14")
                    }
                return DecodeError(
                    .wrongType, detail: "is an Eddystone-\(name) frame of \(length) bytes, expected \(expected)")
            case .encryptedTLM:
                return DecodeError(
                    .unsupportedEvent, detail: "is an encrypted Eddystone-TLM frame, which rtlsd cannot read")
            case .unknownTLMVersion:
                return DecodeError(.unsupportedEvent, detail: "is an Eddystone-TLM frame of an unknown version")
            case .eid:
                return DecodeError(
                    .unsupportedEvent, detail: "is an Eddystone-EID frame (a rotating id rtlsd cannot resolve)")
            case .reservedType:
                return DecodeError(.unsupportedEvent, detail: "is an Eddystone frame of a reserved type")
            }
        }
    }

    /// Reads the frame whose type byte is at `frame`, `length` bytes long.
    init(_ hex: HexText, frame: Int, length: Int) {
        switch hex.byte(frame) {
        case 0x00:
            // Frame type, tx power, namespace (10), instance (6), then 2 RFU bytes that older beacons omit.
            guard length == 18 || length == 20 else {
                self = .unsupported(.badLength(type: 0x00, length: length))
                return
            }
            var id = TagID()
            for k in 0..<10 { id.append(hex: hex.byte(frame + 2 + k) ?? 0) }
            id.append(UInt8(ascii: "-"))
            for k in 0..<6 { id.append(hex: hex.byte(frame + 12 + k) ?? 0) }
            self = .uid(id, txPower: Int8(bitPattern: hex.byte(frame + 1) ?? 0))
        case 0x10:
            // Frame type, tx power, scheme prefix, 1–17 bytes of encoded URL.
            guard (4...20).contains(length) else {
                self = .unsupported(.badLength(type: 0x10, length: length))
                return
            }
            self = .url(txPower: Int8(bitPattern: hex.byte(frame + 1) ?? 0))
        case 0x20:
            switch hex.byte(frame + 1) {
            case 0x00:
                guard length == 14 else {
                    self = .unsupported(.badLength(type: 0x20, length: length))
                    return
                }
                self = .tlm(EddystoneTLM(hex, frame: frame))
            case 0x01:
                self = .unsupported(.encryptedTLM)
            default:
                self = .unsupported(.unknownTLMVersion)
            }
        case 0x30:
            self = .unsupported(.eid)
        default:
            self = .unsupported(.reservedType)
        }
    }
}

/// The values of an unencrypted Eddystone-TLM frame (`eddystone-tlm/tlm-plain.md`), big-endian.
struct EddystoneTLM: Equatable, BitwiseCopyable {
    /// Battery voltage in volts; `nil` when the beacon sends 0 ("not supported", e.g. USB-powered).
    var voltage: Double?
    /// Beacon temperature in °C (signed 8.8 fixed point); `nil` for 0x8000 ("not supported").
    var temperature: Double?
    /// Advertising PDUs sent since power-on or reboot.
    var advertisingCount: UInt32
    /// Time since power-on or reboot, in seconds (the frame counts tenths of a second).
    var uptime: Double

    init(_ hex: HexText, frame: Int) {
        let mv = hex.uint16(frame + 2) ?? 0
        self.voltage = mv == 0 ? nil : Double(mv) / 1000
        let t = hex.uint16(frame + 4) ?? 0x8000
        self.temperature = t == 0x8000 ? nil : Double(Int16(bitPattern: t)) / 256
        self.advertisingCount = hex.uint32(frame + 6) ?? 0
        self.uptime = Double(hex.uint32(frame + 10) ?? 0) / 10
    }
}
