extension RuuviAdvertisement {
    /// Data format 3 (RAWv1, deprecated; github.com/ruuvi/docs `data-format-3-rawv1.md`): humidity
    /// (0.5 %), temperature (sign-and-magnitude whole degrees, then hundredths), pressure (Pa − 50 000),
    /// acceleration x/y/z (mg), battery voltage (mV). The format has no "not available" values (Ruuvi
    /// suggests sending 0), so every field is stored.
    func appendRAWv1(_ base: SensorTemplate, _ output: inout DecodeOutput) {
        output.appendSensor(
            base, metric: SensorMetric.humidity, value: Double(self.byte(1)) / 2, unit: SensorUnit.percent)
        let whole = self.byte(2)
        let magnitude = Double(whole & 0x7F) + Double(self.byte(3)) / 100
        output.appendSensor(
            base, metric: SensorMetric.temperature, value: Self.round(whole & 0x80 == 0 ? magnitude : -magnitude),
            unit: SensorUnit.celsius)
        output.appendSensor(
            base, metric: SensorMetric.pressure, value: Self.round((Double(self.uint16(4)) + 50_000) / 100),
            unit: SensorUnit.hectopascal)
        self.appendAcceleration(base, &output, at: 6, sentinel: false)
        output.appendSensor(
            base, metric: SensorMetric.batteryVoltage, value: Double(self.uint16(12)) / 1000, unit: SensorUnit.volt)
    }
}
