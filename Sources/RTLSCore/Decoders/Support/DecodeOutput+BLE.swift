/// Readings from a raw BLE advertisement, shared by the gateways that relay advertisements as hex
/// (`minew-g1` `rawData`, `ruuvi-gw` `data`).
extension DecodeOutput {
    /// Appends `base` (the sighting) followed by one sensor reading per quantity the advertisement
    /// carries: `tx_power` (dBm; iBeacon measured power at 1 m, Eddystone-UID/URL tx power at 0 m),
    /// Eddystone-TLM `battery_voltage` (V), `temperature` (C), `advertising_count` and `uptime` (s), and
    /// every Ruuvi data format quantity (``RuuviAdvertisement``). A tx power outside ``FieldPolicy/txPower``
    /// is left out and recorded in ``nulled`` at `field.tx_power`.
    ///
    /// Nothing is appended when the advertisement is one rtlsd must not store as a sighting.
    ///
    /// - Parameters:
    ///   - ad: The parsed advertisement.
    ///   - hex: The advertisement's hex text, for the Ruuvi payload.
    ///   - base: The sighting, with tag, time, gateway and RSSI already set.
    ///   - field: The payload field that held the hex (`data`, `rawData`), for error paths.
    /// - Throws: `unsupportedEvent` at `field` for Eddystone-EID, encrypted TLM, reserved Eddystone frame
    ///   types and Ruuvi data formats rtlsd does not decode; `wrongType` at `field` for an Eddystone or
    ///   Ruuvi payload of the wrong length.
    mutating func appendAdvertisement(
        _ ad: BLEAdvertisement, _ hex: HexText, base: Reading, field: String
    )
        throws(DecodeError)
    {
        if case .unsupported(let refusal) = ad.eddystone { throw refusal.error.within(field) }
        var ruuvi: RuuviAdvertisement?
        if ad.manufacturerID == 0x0499, let offset = ad.manufacturerOffset {
            do {
                ruuvi = try RuuviAdvertisement(hex, at: offset, length: ad.manufacturerLength)
            } catch {
                throw error.within(field)
            }
        }
        self.readings.append(addingCapacity: 1) { $0.append(base) }  // one copy, into the array's storage
        let sensor = SensorTemplate(base)
        if let power = ad.iBeaconTxPower { self.appendTxPower(sensor, Double(power), field: field) }
        switch ad.eddystone {
        case .uid(_, let power), .url(let power):
            self.appendTxPower(sensor, Double(power), field: field)
        case .tlm(let tlm):
            if let v = tlm.voltage {
                self.appendSensor(sensor, metric: SensorMetric.batteryVoltage, value: v, unit: SensorUnit.volt)
            }
            if let t = tlm.temperature {
                self.appendSensor(sensor, metric: SensorMetric.temperature, value: t, unit: SensorUnit.celsius)
            }
            self.appendSensor(
                sensor, metric: SensorMetric.advertisingCount, value: Double(tlm.advertisingCount), unit: SensorUnit.none)
            self.appendSensor(sensor, metric: SensorMetric.uptime, value: tlm.uptime, unit: SensorUnit.second)
        case .unsupported, nil:
            break
        }
        ruuvi?.appendSensors(sensor, into: &self)
    }

    /// Appends a `tx_power` reading in dBm when `value` is within ``FieldPolicy/txPower``.
    mutating func appendTxPower(_ sensor: SensorTemplate, _ value: Double, field: String) {
        // The path is built only for a value that is refused (not per reading).
        guard FieldPolicy.txPower.contains(value) else {
            self.nulled.append(FieldPolicy.outOfRange(value, FieldPolicy.txPower, field: field + ".tx_power"))
            return
        }
        self.appendSensor(sensor, metric: SensorMetric.txPower, value: value, unit: SensorUnit.dBm)
    }
}
