/// A Ruuvi manufacturer-specific payload (company id 0x0499, sent as `9904`) whose data format byte and
/// length have been checked, ready to turn into sensor readings.
///
/// Formats and test vectors: Ruuvi's developer documentation (github.com/ruuvi/docs,
/// `communication/bluetooth-advertisements/`): 3 (RAWv1, 14 bytes), 5 (RAWv2, 24 bytes), 6 (Ruuvi Air,
/// 20 bytes) and E1 (Ruuvi Air extended, 40 bytes). Each documented quantity becomes a metric; a value
/// the format marks "not available" becomes none. Other formats (8 and C5 among them) are counted as
/// `unsupported_event`, a known format of the wrong length as `wrong_type`: neither is stored as a bare
/// sighting.
struct RuuviAdvertisement {
    /// The data formats rtlsd decodes.
    enum Format: UInt8 {
        case rawV1 = 0x03
        case rawV2 = 0x05
        case air = 0x06
        case airExtended = 0xE1

        /// The payload length the format documents, data format byte included.
        var length: Int {
            switch self {
            case .rawV1: 14
            case .rawV2: 24
            case .air: 20
            case .airExtended: 40
            }
        }
    }

    /// The payload's bytes from the data format byte on, decoded from hex once (the longest format, E1,
    /// has 40).
    let bytes: InlineArray<40, UInt8>
    let format: Format

    /// Checks the payload that starts at byte `offset` and is `length` bytes long.
    ///
    /// - Throws: `unsupportedEvent` for a format rtlsd does not decode, `wrongType` when the length is
    ///   not the format's.
    init(_ hex: HexText, at offset: Int, length: Int) throws(DecodeError) {
        guard length > 0, let byte = hex.byte(offset) else {
            throw DecodeError(.wrongType, detail: "is a Ruuvi advertisement without a data format byte")
        }
        guard let format = Format(rawValue: byte) else {
            throw DecodeError(
                .unsupportedEvent, detail: "is Ruuvi data format \(Self.hexByte(byte)), which rtlsd does not decode")
        }
        guard length == format.length else {
            throw DecodeError(
                .wrongType,
                detail:
                    "is a Ruuvi data format \(Self.hexByte(byte)) payload of \(length) bytes; the format has \(format.length)"
            )
        }
        self.bytes = hex.decoded(from: offset, count: length)
        self.format = format
    }

    /// Appends one sensor reading per available quantity of the observation `base` (same tag, time, gateway).
    func appendSensors(_ base: SensorTemplate, into output: inout DecodeOutput) {
        switch self.format {
        case .rawV1: self.appendRAWv1(base, &output)
        case .rawV2: self.appendRAWv2(base, &output)
        case .air: self.appendAir(base, &output)
        case .airExtended: self.appendAirExtended(base, &output)
        }
    }

    /// The byte at `k` bytes after the format byte (in range: the length was checked).
    func byte(_ k: Int) -> UInt8 { self.bytes[k] }
    /// The big-endian 16-bit value at `k` bytes after the format byte.
    func uint16(_ k: Int) -> UInt16 { UInt16(self.bytes[k]) << 8 | UInt16(self.bytes[k + 1]) }
    /// The big-endian 24-bit value at `k` bytes after the format byte.
    func uint24(_ k: Int) -> UInt32 { UInt32(self.bytes[k]) << 16 | UInt32(self.uint16(k + 1)) }

    /// Rounds away binary noise from fixed-point scaling (24.300000000000001 → 24.3).
    static func round(_ v: Double, _ scale: Double = 10_000) -> Double { (v * scale).rounded() / scale }

    private static func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 0xF)])
    }
}

extension RuuviAdvertisement {
    /// Temperature (0.005 °C, 0x8000 n/a), humidity (0.0025 %, 0xFFFF n/a) and pressure (Pa − 50 000,
    /// 0xFFFF n/a) at bytes 1–6: the same in formats 5, 6 and E1.
    func appendClimate(_ base: SensorTemplate, _ output: inout DecodeOutput) {
        let t = self.uint16(1)
        if t != 0x8000 {
            output.appendSensor(
                base, metric: SensorMetric.temperature, value: Self.round(Double(Int16(bitPattern: t)) * 0.005),
                unit: SensorUnit.celsius)
        }
        let h = self.uint16(3)
        if h != 0xFFFF {
            output.appendSensor(
                base, metric: SensorMetric.humidity, value: Self.round(Double(h) * 0.0025), unit: SensorUnit.percent)
        }
        let p = self.uint16(5)
        if p != 0xFFFF {
            output.appendSensor(
                base, metric: SensorMetric.pressure, value: Self.round((Double(p) + 50_000) / 100),
                unit: SensorUnit.hectopascal)
        }
    }

    /// Acceleration x/y/z: three big-endian signed 16-bit values in milli-g from byte `k`, stored in g
    /// (0x8000 is "not available" when `sentinel`).
    func appendAcceleration(_ base: SensorTemplate, _ output: inout DecodeOutput, at k: Int, sentinel: Bool) {
        self.appendAxis(base, &output, at: k, metric: SensorMetric.accelerationX, sentinel: sentinel)
        self.appendAxis(base, &output, at: k + 2, metric: SensorMetric.accelerationY, sentinel: sentinel)
        self.appendAxis(base, &output, at: k + 4, metric: SensorMetric.accelerationZ, sentinel: sentinel)
    }

    private func appendAxis(
        _ base: SensorTemplate, _ output: inout DecodeOutput, at k: Int, metric: MetricName, sentinel: Bool
    ) {
        let raw = self.uint16(k)
        if sentinel && raw == 0x8000 { return }
        output.appendSensor(
            base, metric: metric, value: Double(Int16(bitPattern: raw)) / 1000, unit: SensorUnit.standardGravity)
    }
}
