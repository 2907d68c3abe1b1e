extension RuuviAdvertisement {
    /// Data format 5 (RAWv2; github.com/ruuvi/docs `data-format-5-rawv2.md`): temperature, humidity,
    /// pressure, acceleration x/y/z (mg, 0x8000 n/a), battery voltage (11 bits, mV above 1600, 2047 n/a),
    /// tx power (5 bits, 2 dBm steps above −40, 31 n/a), movement counter (255 n/a), measurement
    /// sequence (65535 n/a). The MAC in bytes 18–23 is the tag's own, already the tag id.
    func appendRAWv2(_ base: SensorTemplate, _ output: inout DecodeOutput) {
        self.appendClimate(base, &output)
        self.appendAcceleration(base, &output, at: 7, sentinel: true)
        let power = self.uint16(13)
        if power >> 5 != 0x7FF {
            output.appendSensor(
                base, metric: SensorMetric.batteryVoltage, value: Double(Int(power >> 5) + 1600) / 1000,
                unit: SensorUnit.volt)
        }
        if power & 0x1F != 0x1F {
            output.appendSensor(
                base, metric: SensorMetric.txPower, value: Double(-40 + 2 * Int(power & 0x1F)), unit: SensorUnit.dBm)
        }
        let moves = self.byte(15)
        if moves != 0xFF {
            output.appendSensor(base, metric: SensorMetric.movementCounter, value: Double(moves), unit: SensorUnit.none)
        }
        let sequence = self.uint16(16)
        if sequence != 0xFFFF {
            output.appendSensor(
                base, metric: SensorMetric.measurementSequence, value: Double(sequence), unit: SensorUnit.none)
        }
    }
}
