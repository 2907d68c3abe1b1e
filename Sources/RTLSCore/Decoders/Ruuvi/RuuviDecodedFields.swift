/// The Ruuvi Gateway's "decoded" MQTT mode: the gateway decodes data formats 5, 6 and E1 itself and
/// sends the values as JSON fields instead of (or, in raw-and-decoded mode, beside) `data`.
///
/// Field names and units from the gateway firmware (github.com/ruuvi/ruuvi.gateway_esp.c,
/// `main/adv_decode_0x05.c`, `…0x06.c`, `…0xe1.c`) and Ruuvi's `/history` schema
/// (github.com/ruuvi/docs, `ruuvi-gateway-firmware/data-formats/http-get-history-with-timestamps-and-decoding.md`):
/// `temperature` °C, `humidity` %, `pressure` Pa, `accelX/Y/Z` g, `movementCounter`, `voltage` V,
/// `txPower` dBm, `measurementSequenceNumber`, `PM1.0`/`PM2.5`/`PM4.0`/`PM10.0` µg/m³, `CO2` ppm, `VOC`,
/// `NOx`, `luminosity` lx, `sound_inst_dba`/`sound_avg_dba` dB(A), `sound_peak_spl_db` dB,
/// `flag_calibration_in_progress`. They become the same metrics as the raw formats (pressure in hPa).
/// `dataFormat`, `id` and the other two flags (`flag_button_pressed`, `flag_rtc_running_on_boot`)
/// are not quantities and are not stored.
enum RuuviDecodedFields {
    /// One decoded field: its key, the metric it becomes, the unit, the scale applied, the validity range.
    struct Field {
        let key: JSONKey
        let metric: MetricName
        let unit: UnitName
        let scale: Double
        let range: ClosedRange<Double>
    }

    static let fields: [Field] = [
        Field(key: JSONKey("temperature", slot: 5), metric: "temperature", unit: "C", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("humidity", slot: 6), metric: "humidity", unit: "%", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("pressure", slot: 7), metric: "pressure", unit: "hPa", scale: 0.01, range: FieldPolicy.finite),
        Field(key: JSONKey("accelX", slot: 8), metric: "acceleration_x", unit: "g", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("accelY", slot: 9), metric: "acceleration_y", unit: "g", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("accelZ", slot: 10), metric: "acceleration_z", unit: "g", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("voltage", slot: 11), metric: "battery_voltage", unit: "V", scale: 1, range: FieldPolicy.voltage),
        Field(key: JSONKey("txPower", slot: 12), metric: "tx_power", unit: "dBm", scale: 1, range: FieldPolicy.txPower),
        Field(key: JSONKey("movementCounter", slot: 13), metric: "movement_counter", unit: "", scale: 1, range: FieldPolicy.finite),
        Field(
            key: JSONKey("measurementSequenceNumber", slot: 14), metric: "measurement_sequence", unit: "", scale: 1,
            range: FieldPolicy.finite),
        Field(key: JSONKey("PM1.0", slot: 15), metric: "pm1_0", unit: "µg/m³", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("PM2.5", slot: 16), metric: "pm2_5", unit: "µg/m³", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("PM4.0", slot: 17), metric: "pm4_0", unit: "µg/m³", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("PM10.0", slot: 18), metric: "pm10", unit: "µg/m³", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("CO2", slot: 19), metric: "co2", unit: "ppm", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("VOC", slot: 20), metric: "voc_index", unit: "", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("NOx", slot: 21), metric: "nox_index", unit: "", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("luminosity", slot: 22), metric: "illuminance", unit: "lx", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("sound_inst_dba", slot: 23), metric: "sound_instant", unit: "dBA", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("sound_avg_dba", slot: 24), metric: "sound_average", unit: "dBA", scale: 1, range: FieldPolicy.finite),
        Field(key: JSONKey("sound_peak_spl_db", slot: 25), metric: "sound_peak", unit: "dB", scale: 1, range: FieldPolicy.finite),
    ]

    /// `flag_calibration_in_progress`, stored as `calibrating` 0/1.
    static let calibration = JSONKey("flag_calibration_in_progress", slot: 26)

    /// Every key above, for the decoder's ``JSONKeySet``.
    static let keys: [JSONKey] = fields.map(\.key) + [calibration]

    /// ``fields`` without the keys' text: nothing reference-counted, so walking it per message costs no
    /// retain or release per field (copying a ``Field`` did, for the key's bytes and name).
    struct Conversion {
        let slot: Int
        let metric: MetricName
        let unit: UnitName
        let scale: Double
        let range: ClosedRange<Double>
    }

    /// ``fields`` as ``Conversion``s, in the same order.
    static let conversions: [Conversion] = fields.map {
        Conversion(slot: $0.key.slot, metric: $0.metric, unit: $0.unit, scale: $0.scale, range: $0.range)
    }

    /// Appends one sensor reading per decoded field present in `fields`; a field that is not a number,
    /// or is outside its range, is left out and recorded in ``DecodeOutput/nulled``.
    static func append(_ tape: borrowing JSONTape, _ fields: JSONFields, base: Reading, into output: inout DecodeOutput) {
        let sensor = SensorTemplate(base)
        let conversions = Self.conversions.span
        for i in 0..<conversions.count {
            let c = conversions[i]
            guard let present = fields.present(slot: c.slot),
                let v = output.number(tape, present, c.range, field: { Self.fields[i].key.name })
            else { continue }
            let value = c.scale == 1 ? v : RuuviAdvertisement.round(v * c.scale)
            output.appendSensor(sensor, metric: c.metric, value: value, unit: c.unit)
        }
        if let flag = fields.present(Self.calibration) {
            do {
                let value: Double = try tape.bool(flag) ? 1 : 0
                output.appendSensor(sensor, metric: SensorMetric.calibrating, value: value, unit: SensorUnit.none)
            } catch {
                output.nulled.append(error.within(Self.calibration.name))
            }
        }
    }
}
