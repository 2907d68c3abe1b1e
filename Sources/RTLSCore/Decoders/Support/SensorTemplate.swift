/// The sensor readings of one observation, prepared once: `base` already turned into a sensor reading
/// (``Reading/becomeSensor(metric:value:unit:)``) with no metric, value or unit yet.
///
/// A decoder that appends several sensor readings of the same observation makes one template and
/// appends from it (``DecodeOutput/appendSensor(_:metric:value:unit:)-(SensorTemplate,_,_,_)``): each
/// reading is then one copy and three stores, where appending from the location reading reset its ten
/// location fields every time.
struct SensorTemplate {
    /// `base` as a sensor reading without metric, value or unit.
    private(set) var reading: Reading

    /// The template for sensor readings of the observation `base`.
    init(_ base: Reading) {
        self.reading = base
        self.reading.becomeSensor(metric: MetricName(), value: nil, unit: UnitName())
    }
}

extension DecodeOutput {
    /// Appends a sensor reading of `template`'s observation: the same reading
    /// ``appendSensor(_:metric:value:unit:)-(Reading,_,_,_)`` appends for the template's base.
    ///
    /// - Returns: `false` (nothing appended, the reason recorded in ``nulled``) when the value is
    ///   not finite.
    @discardableResult
    @inline(__always)
    mutating func appendSensor(_ template: SensorTemplate, metric: MetricName, value: Double, unit: UnitName) -> Bool
    {
        guard value.isFinite else {
            self.nulled.append(DecodeError(.outOfRange, field: metric.string, detail: "is not a finite number"))
            return false
        }
        // Initialized in the array's storage and completed there: one copy of the reading.
        self.readings.append(addingCapacity: 1) { out in
            out.append(template.reading)
            out[0].setSensorValue(metric: metric, value: value, unit: unit)
        }
        return true
    }
}

extension Reading {
    /// Sets the sensor value of a reading made from a ``SensorTemplate``, in one access.
    @inline(__always)
    fileprivate mutating func setSensorValue(metric: MetricName, value: Double, unit: UnitName) {
        self.metric = metric
        self.value = value
        self.unit = unit
    }
}
