extension RuleEngine {
    /// Low battery with hysteresis: fires below the threshold, clears at or above the clear level.
    /// Battery values older than the latest one seen for the tag are ignored.
    mutating func evaluateBattery(_ t: Int, level: Double, time: Int64, into output: inout EngineOutput) {
        guard time >= self.tags[t].batteryTime else { return }
        self.tags[t].batteryTime = time
        for k in self.tags[t].slots.indices {
            let slot = self.tags[t].slots[k]
            let rule = self.rules[Int(slot.rule)]
            guard rule.kind == .lowBattery else { continue }
            if !slot.active, level < rule.threshold {
                self.fire(
                    t, k, at: time, zone: self.tags[t].zone, value: level, threshold: rule.threshold, into: &output)
            } else if slot.active, level >= rule.clearLevel {
                self.clear(t, k, at: time, value: level, threshold: rule.clearLevel, into: &output)
            }
        }
    }

    /// Sensor excursions: the value must stay beyond the bound for the rule's duration to fire,
    /// and back at the clear level (`clear_below` / `clear_above`, else the bound) for `clearAfter`
    /// to clear. One reading back within the bound restarts the excursion clock; one reading not
    /// back at the clear level restarts the clearing clock, so a value hovering at the threshold
    /// raises one alert.
    mutating func evaluateSensor(_ t: Int, _ r: Reading, into output: inout EngineOutput) {
        guard let value = r.value else { return }
        let time = r.time.microseconds
        for k in self.tags[t].slots.indices {
            let slot = self.tags[t].slots[k]
            let rule = self.rules[Int(slot.rule)]
            if rule.kind == .usage {
                if rule.metric == r.metric { self.evaluateUsage(t, k, r, value: value, into: &output) }
                continue
            }
            guard rule.kind == .sensorHigh || rule.kind == .sensorLow, rule.metric == r.metric,
                time >= slot.lastTime
            else { continue }
            self.tags[t].slots[k].lastTime = time
            self.tags[t].slots[k].lastValue = value
            let high = rule.kind == .sensorHigh
            let beyond = high ? value > rule.threshold : value < rule.threshold
            let back = high ? value <= rule.clearLevel : value >= rule.clearLevel
            if beyond {
                self.tags[t].slots[k].clearSince = noTime
                if slot.since == noTime { self.tags[t].slots[k].since = time }
            } else {
                self.tags[t].slots[k].since = noTime
                if !back {
                    self.tags[t].slots[k].clearSince = noTime
                } else if slot.active, slot.clearSince == noTime {
                    self.tags[t].slots[k].clearSince = time
                }
            }
            self.checkSensor(t, k, at: time, value: value, into: &output)
        }
    }

    /// Fires or clears sensor slot `k` when its duration has passed at `now`.
    /// A timer check (`value` nil) reports the latest value the rule saw.
    mutating func checkSensor(_ t: Int, _ k: Int, at now: Int64, value: Double?, into output: inout EngineOutput) {
        let slot = self.tags[t].slots[k]
        let rule = self.rules[Int(slot.rule)]
        let value = value ?? (slot.lastValue.isNaN ? nil : slot.lastValue)
        if !slot.active, slot.since != noTime, now - slot.since >= rule.limit {
            self.fire(t, k, at: now, zone: self.tags[t].zone, value: value, threshold: rule.threshold, into: &output)
            self.tags[t].slots[k].clearSince = noTime
        } else if slot.active, slot.clearSince != noTime, now - slot.clearSince >= rule.clearAfter {
            self.clear(t, k, at: now, value: value, threshold: rule.clearLevel, into: &output)
            self.tags[t].slots[k].clearSince = noTime
        }
    }

    /// Clears an open not-seen alert when the tag shows up again.
    mutating func clearNotSeen(_ t: Int, at time: Int64, into output: inout EngineOutput) {
        for k in self.tags[t].slots.indices where self.tags[t].slots[k].active {
            let rule = self.rules[Int(self.tags[t].slots[k].rule)]
            if rule.kind == .notSeen { self.clear(t, k, at: time, into: &output) }
        }
        self.tags[t].openNotSeen = false
    }
}
