extension DecodeOutput {
    /// Appends a sensor reading derived from `base` (same time, tag, gateway and flags).
    ///
    /// - Returns: `false` (nothing appended, the reason recorded in ``nulled``) when the value is
    ///   not finite.
    @discardableResult
    mutating func appendSensor(_ base: Reading, metric: MetricName, value: Double, unit: UnitName) -> Bool {
        guard value.isFinite else {
            self.nulled.append(DecodeError(.outOfRange, field: metric.string, detail: "is not a finite number"))
            return false
        }
        var r = Reading(time: base.time, receivedAt: base.receivedAt, kind: .sensor, tag: base.tag, gateway: base.gateway)
        r.flags = base.flags
        r.zone = base.zone
        r.metric = metric
        r.value = value
        r.unit = unit
        self.readings.append(r)
        return true
    }
}
