extension RuleEngine {
    /// Feeds a sensor reading to the tag's usage rules on its metric (power, state, motion).
    ///
    /// Each reading is evidence that the signal is on, off, or neither (a power value between
    /// `off_below` and `on_above`, a motion counter's first reading); readings older than the
    /// latest one a rule has seen are ignored.
    mutating func evaluateUsage(_ t: Int, _ k: Int, _ r: Reading, value: Double, into output: inout EngineOutput) {
        let slot = self.tags[t].slots[k]
        let rule = self.rules[Int(slot.rule)]
        let time = r.time.microseconds
        guard time >= slot.lastTime else { return }
        var on: Bool?
        switch rule.signal {
        case .power:
            on = value > rule.threshold ? true : value <= rule.clearLevel ? false : nil
        case .state:
            on = value != 0
        case .motion:
            if rule.hasThreshold {
                on = abs(value) > rule.threshold ? true : abs(value) <= rule.clearLevel ? false : nil
            } else if !slot.lastValue.isNaN {
                on = value != slot.lastValue
            }
        case .zone:
            return
        }
        self.tags[t].slots[k].lastValue = value
        self.usageEvidence(t, k, on: on, at: time, into: &output)
    }

    /// Zone usage rules after a tag moved to `zone` at `time`.
    mutating func evaluateZoneUsage(_ t: Int, _ k: Int, zone: Int32, at time: Int64, into output: inout EngineOutput) {
        guard time >= self.tags[t].slots[k].lastTime else { return }
        self.usageEvidence(t, k, on: self.covers(self.tags[t].slots[k].rule, zone), at: time, into: &output)
    }

    /// Records on/off evidence (`nil`: neither) at `time` and opens or closes the session when its
    /// duration has passed.
    private mutating func usageEvidence(_ t: Int, _ k: Int, on: Bool?, at time: Int64, into output: inout EngineOutput) {
        self.tags[t].slots[k].lastTime = time
        self.tags[t].slots[k].receivedAt = self.receivedNow
        switch on {
        case true?:
            self.tags[t].slots[k].clearSince = noTime
            if self.tags[t].slots[k].since == noTime { self.tags[t].slots[k].since = time }
        case false?:
            if !self.tags[t].slots[k].active {
                self.tags[t].slots[k].since = noTime  // a blip shorter than start_after: no session
            } else if self.tags[t].slots[k].clearSince == noTime {
                self.tags[t].slots[k].clearSince = time
            }
        case nil:
            break
        }
        self.checkUsage(t, k, at: time, into: &output)
    }

    /// Usage slot `k` at sweep time `now` (wall clock): the device time the latest evidence had,
    /// plus the wall time since it arrived — a plug that reports only on change (0 W, then silence)
    /// still ends its session `end_after` later, and a device clock hours off does not end it at once.
    mutating func sweepUsage(_ t: Int, _ k: Int, now: Int64, into output: inout EngineOutput) {
        let slot = self.tags[t].slots[k]
        guard slot.lastTime != noTime, slot.since != noTime else { return }
        self.checkUsage(t, k, at: slot.lastTime &+ max(0, now &- slot.receivedAt), into: &output)
    }

    /// Opens the session once the signal has been on for `start_after`; closes it once it has
    /// been off for `end_after` (start and end are when the signal changed, not when the wait ended).
    /// `now` is in device time.
    mutating func checkUsage(_ t: Int, _ k: Int, at now: Int64, into output: inout EngineOutput) {
        let slot = self.tags[t].slots[k]
        let rule = self.rules[Int(slot.rule)]
        if !slot.active, slot.since != noTime, now &- slot.since >= rule.limit {
            self.tags[t].slots[k].active = true
            self.tags[t].slots[k].zone = self.tags[t].zone
            self.markInUse(t, at: slot.since, into: &output)
        } else if slot.active, slot.clearSince != noTime, now &- slot.clearSince >= rule.clearAfter {
            let zone = slot.zone
            let asset = self.tags[t].asset
            output.usage.append(
                UsageSession(
                    tag: self.tags[t].tag, asset: self.tags[t].assetName,
                    assetClass: asset >= 0 ? self.site.assets[Int(asset)].assetClass : SiteName(), ruleID: rule.id,
                    signal: rule.signal,
                    start: Timestamp(microseconds: slot.since), end: Timestamp(microseconds: slot.clearSince),
                    zone: zone >= 0 ? self.site.zones[Int(zone)].name : ZoneName()))
            self.tags[t].slots[k].active = false
            self.tags[t].slots[k].since = noTime
            self.tags[t].slots[k].clearSince = noTime
            self.tags[t].slots[k].zone = -1
            for i in self.tags[t].slots.indices where self.rules[Int(self.tags[t].slots[i].rule)].kind == .idle {
                self.tags[t].slots[i].lastTime = max(self.tags[t].slots[i].lastTime, slot.clearSince)
            }
        }
    }

    /// A session opened: idle alerts of the tag clear.
    private mutating func markInUse(_ t: Int, at time: Int64, into output: inout EngineOutput) {
        for i in self.tags[t].slots.indices where self.rules[Int(self.tags[t].slots[i].rule)].kind == .idle {
            if self.tags[t].slots[i].active { self.clear(t, i, at: time, into: &output) }
        }
    }

    /// Whether any usage session of tag `t` is open.
    func isInUse(_ t: Int) -> Bool {
        self.tags[t].slots.contains { $0.active && self.rules[Int($0.rule)].kind == .usage }
    }

    /// Idle rule `k` at `now`: while in use its clock restarts; otherwise it fires once the asset
    /// has not been in use for the rule's limit.
    mutating func checkIdle(_ t: Int, _ k: Int, at now: Int64, into output: inout EngineOutput) {
        let rule = self.rules[Int(self.tags[t].slots[k].rule)]
        if self.isInUse(t) {
            self.tags[t].slots[k].lastTime = now
            if self.tags[t].slots[k].active { self.clear(t, k, at: now, into: &output) }
            return
        }
        let since = self.tags[t].slots[k].lastTime
        if since == noTime {
            self.tags[t].slots[k].lastTime = now
        } else if !self.tags[t].slots[k].active, now &- since >= rule.limit {
            self.fire(
                t, k, at: now, zone: self.tags[t].zone, value: Double(now &- since) / 1e6,
                threshold: Double(rule.limit) / 1e6, into: &output)
        }
    }
}
