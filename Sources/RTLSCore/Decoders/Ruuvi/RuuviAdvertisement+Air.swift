#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RuuviAdvertisement {
    /// Data format 6 (Ruuvi Air, Bluetooth 4 compatible; github.com/ruuvi/docs `data-format-6.md`):
    /// temperature, humidity, pressure, PM2.5 (0.1 µg/m³), CO₂ (ppm), VOC and NOx indexes (9 bits, low
    /// bit in the flags byte, 0x1FF n/a), luminosity (logarithmic code, 255 n/a), measurement sequence
    /// (8 bits, no n/a value) and the "calibration in progress" flag (stored as `calibrating` 0/1). Byte
    /// 14 is documented as reserved and is not read. The 3 MAC bytes are not an id of their own.
    func appendAir(_ base: SensorTemplate, _ output: inout DecodeOutput) {
        self.appendClimate(base, &output)
        self.appendParticulates(base, &output, at: 7, metric: SensorMetric.pm2_5)
        self.appendCO2(base, &output, at: 9)
        let flags = self.byte(16)
        self.appendIndexes(base, &output, voc: 11, nox: 12, flags: flags)
        let code = self.byte(13)
        if code != 0xFF {
            // VALUE = exp(CODE × ln(65536) / 254) − 1, rounded to 0.01 lx as the format asks.
            let lux = exp(Double(code) * log(65_536.0) / 254) - 1
            output.appendSensor(
                base, metric: SensorMetric.illuminance, value: Self.round(lux, 100), unit: SensorUnit.lux)
        }
        output.appendSensor(
            base, metric: SensorMetric.measurementSequence, value: Double(self.byte(15)), unit: SensorUnit.none)
        output.appendSensor(base, metric: SensorMetric.calibrating, value: Double(flags & 1), unit: SensorUnit.none)
    }

    /// Data format E1 (Ruuvi Air extended, Bluetooth 5; github.com/ruuvi/docs `data-format-e1.md`):
    /// temperature, humidity, pressure, PM1.0/2.5/4.0/10 (0.1 µg/m³), CO₂, VOC and NOx indexes,
    /// luminosity (24 bits, 0.01 lx, 0xFFFFFF n/a), measurement sequence (24 bits, 0xFFFFFF n/a) and the
    /// calibration flag. Bytes 22–24 and 29–33 are reserved; bytes 34–39 are the tag's MAC.
    func appendAirExtended(_ base: SensorTemplate, _ output: inout DecodeOutput) {
        self.appendClimate(base, &output)
        self.appendParticulates(base, &output, at: 7, metric: SensorMetric.pm1_0)
        self.appendParticulates(base, &output, at: 9, metric: SensorMetric.pm2_5)
        self.appendParticulates(base, &output, at: 11, metric: SensorMetric.pm4_0)
        self.appendParticulates(base, &output, at: 13, metric: SensorMetric.pm10)
        self.appendCO2(base, &output, at: 15)
        let flags = self.byte(28)
        self.appendIndexes(base, &output, voc: 17, nox: 18, flags: flags)
        let lux = self.uint24(19)
        if lux != 0xFF_FFFF {
            output.appendSensor(
                base, metric: SensorMetric.illuminance, value: Self.round(Double(lux) / 100), unit: SensorUnit.lux)
        }
        let sequence = self.uint24(25)
        if sequence != 0xFF_FFFF {
            output.appendSensor(
                base, metric: SensorMetric.measurementSequence, value: Double(sequence), unit: SensorUnit.none)
        }
        output.appendSensor(base, metric: SensorMetric.calibrating, value: Double(flags & 1), unit: SensorUnit.none)
    }

    private func appendParticulates(_ base: SensorTemplate, _ output: inout DecodeOutput, at k: Int, metric: MetricName) {
        let v = self.uint16(k)
        if v != 0xFFFF {
            output.appendSensor(
                base, metric: metric, value: Self.round(Double(v) / 10), unit: SensorUnit.microgramPerCubicMetre)
        }
    }

    private func appendCO2(_ base: SensorTemplate, _ output: inout DecodeOutput, at k: Int) {
        let v = self.uint16(k)
        if v != 0xFFFF {
            output.appendSensor(base, metric: SensorMetric.co2, value: Double(v), unit: SensorUnit.partsPerMillion)
        }
    }

    /// VOC and NOx indexes: 8 high bits in their bytes, the low bit in flags bit 6 (VOC) or 7 (NOx).
    private func appendIndexes(_ base: SensorTemplate, _ output: inout DecodeOutput, voc: Int, nox: Int, flags: UInt8) {
        let vocIndex = Int(self.byte(voc)) << 1 | Int(flags >> 6 & 1)
        if vocIndex != 0x1FF {
            output.appendSensor(base, metric: SensorMetric.vocIndex, value: Double(vocIndex), unit: SensorUnit.none)
        }
        let noxIndex = Int(self.byte(nox)) << 1 | Int(flags >> 7 & 1)
        if noxIndex != 0x1FF {
            output.appendSensor(base, metric: SensorMetric.noxIndex, value: Double(noxIndex), unit: SensorUnit.none)
        }
    }
}
