/// Metric names and units for sensor formats that send bare key/value pairs (Zigbee2MQTT, Tasmota).
enum SensorUnits {
    /// The unit rtlsd records for a metric name (snake_case), or empty when unknown.
    static func unit(for metric: MetricName) -> UnitName {
        for (name, unit) in Self.table where metric.equals(name) { return unit }
        return UnitName()
    }

    private static let table: [(JSONKey, UnitName)] = [
        ("temperature", "C"), ("dew_point", "C"), ("humidity", "%"), ("battery", "%"), ("pressure", "hPa"),
        ("voltage", "V"), ("current", "A"), ("power", "W"), ("apparent_power", "VA"), ("reactive_power", "var"),
        ("energy", "kWh"), ("total", "kWh"), ("yesterday", "kWh"), ("today", "kWh"), ("illuminance", "lx"),
        ("illuminance_lux", "lx"), ("co2", "ppm"), ("carbon_dioxide", "ppm"), ("eco2", "ppm"), ("voc", "ppb"),
        ("tvoc", "ppb"), ("pm25", "µg/m³"), ("pm10", "µg/m³"), ("linkquality", "lqi"), ("frequency", "Hz"),
        ("distance", "m"), ("weight", "kg"), ("soil_moisture", "%"), ("power_factor", ""),
    ]

    /// A JSON key as a snake_case metric name: `DewPoint` → `dew_point`, `Temperature` → `temperature`.
    ///
    /// - Returns: `nil` when the name does not fit in a ``MetricName``.
    static func metricName(_ tape: JSONTape, key: JSONValue) -> MetricName? {
        guard let raw: MetricName = try? tape.string(key) else { return nil }
        var out = MetricName()
        var previousLower = false
        var ok = true
        raw.withUTF8Span { span in
            for k in 0..<span.count {
                var c = span[k]
                let upper = c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")
                if upper {
                    if previousLower { ok = ok && out.append(UInt8(ascii: "_")) }
                    c += 32
                }
                previousLower = !upper && c != UInt8(ascii: "_")
                ok = ok && out.append(c)
            }
        }
        return ok && !out.isEmpty ? out : nil
    }
}
