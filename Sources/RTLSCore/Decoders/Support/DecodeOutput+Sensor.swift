extension DecodeOutput {
    /// Appends a sensor reading derived from `base` (same time, tag, gateway, zone and flags).
    ///
    /// The reading is `base` copied once into the array's storage and turned into a sensor reading there
    /// (``Reading/becomeSensor(metric:value:unit:)``), rather than built field by field and copied in.
    ///
    /// - Returns: `false` (nothing appended, the reason recorded in ``nulled``) when the value is
    ///   not finite.
    @discardableResult
    mutating func appendSensor(_ base: Reading, metric: MetricName, value: Double, unit: UnitName) -> Bool {
        guard value.isFinite else {
            self.nulled.append(DecodeError(.outOfRange, field: metric.string, detail: "is not a finite number"))
            return false
        }
        self.readings.append(addingCapacity: 1) { out in
            out.append(base)
            out[0].becomeSensor(metric: metric, value: value, unit: unit)
        }
        return true
    }
}

extension Reading {
    /// Keeps what identifies the observation (time, receive time, tag, gateway, zone, flags) and
    /// replaces the rest with a sensor value: exactly what
    /// `Reading(time:receivedAt:kind: .sensor, tag:gateway:)` with those fields copied, `metric`,
    /// `value` and `unit` set would hold.
    ///
    /// - Important: A field added to ``Reading`` must be reset here unless a sensor reading keeps it
    ///   (the decoder tests compare whole readings, so a field left over shows there).
    @inline(__always)
    mutating func becomeSensor(metric: MetricName, value: Double?, unit: UnitName) {
        self.kind = .sensor
        self.rssi = nil
        self.antenna = nil
        self.x = nil
        self.y = nil
        self.z = nil
        self.lat = nil
        self.lon = nil
        self.accuracy = nil
        self.battery = nil
        self.sequence = 0
        self.metric = metric
        self.value = value
        self.unit = unit
    }
}
