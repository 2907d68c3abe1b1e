extension RuleEngine {
    /// Runs the timer-driven rules at `now`: not seen, dwell, sensor durations (firing and
    /// clearing), after hours, usage start/end waits, idle equipment, PAR levels and gateway offline.
    ///
    /// - Parameters:
    ///   - now: the injected clock (wall time on the daemon, any time in tests).
    ///   - output: receives alerts.
    /// - Important: call from the thread that owns the engine, typically once a second.
    public mutating func sweep(now: Timestamp, into output: inout EngineOutput) {
        let n = now.microseconds
        for t in self.tags.indices where !self.tags[t].slots.isEmpty {
            var presence = false
            for k in self.tags[t].slots.indices {
                let slot = self.tags[t].slots[k]
                let rule = self.rules[Int(slot.rule)]
                switch rule.kind {
                case .notSeen:
                    let seen = self.tags[t].lastSeen
                    if !slot.active, n - seen >= rule.limit {
                        self.fire(
                            t, k, at: n, zone: self.tags[t].zone, value: Double(n - seen) / 1e6,
                            threshold: Double(rule.limit) / 1e6, into: &output)
                        self.tags[t].openNotSeen = true
                    }
                case .sensorHigh, .sensorLow:
                    self.checkSensor(t, k, at: n, value: nil, into: &output)
                case .dwell, .afterHours:
                    presence = true
                case .usage:
                    self.sweepUsage(t, k, now: n, into: &output)
                case .idle:
                    self.checkIdle(t, k, at: n, into: &output)
                default: break
                }
            }
            if presence { self.evaluatePresence(t, at: n, into: &output) }
        }
        if !self.parSlots.isEmpty { self.sweepPAR(now: n, into: &output) }
        for s in self.gatewaySlots.indices {
            let slot = self.gatewaySlots[s]
            let rule = self.rules[Int(slot.rule)]
            let seen = self.gatewayLastSeen[Int(slot.gateway)]
            if !slot.active, n - seen >= rule.limit {
                let id = self.nextAlertID
                self.nextAlertID &+= 1
                self.gatewaySlots[s].active = true
                self.gatewaySlots[s].alertID = id
                output.alerts.append(
                    self.gatewayAlert(s, id: id, state: .fired, at: n, value: Double(n - seen) / 1e6))
            }
        }
    }

    /// Updates a gateway's last message time and clears its open offline alerts.
    mutating func markGatewaySeen(_ g: Int, at time: Int64, into output: inout EngineOutput) {
        guard time > self.gatewayLastSeen[g] else { return }
        let silent = time - self.gatewayLastSeen[g]
        self.gatewayLastSeen[g] = time
        for s in self.slotsByGateway[g] where self.gatewaySlots[Int(s)].active {
            self.gatewaySlots[Int(s)].active = false
            output.alerts.append(
                self.gatewayAlert(
                    Int(s), id: self.gatewaySlots[Int(s)].alertID, state: .cleared, at: time,
                    value: Double(silent) / 1e6))
        }
    }

    private func gatewayAlert(_ s: Int, id: UInt64, state: AlertState, at time: Int64, value: Double) -> Alert {
        let slot = self.gatewaySlots[s]
        let rule = self.rules[Int(slot.rule)]
        let gateway = self.site.gateways[Int(slot.gateway)]
        return Alert(
            alertID: id, ruleID: rule.id, kind: .gatewayOffline, severity: rule.severity, state: state,
            time: Timestamp(microseconds: time), zone: gateway.zone.map { self.site.zones[Int($0)].name } ?? ZoneName(),
            gateway: gateway.id, value: value, threshold: Double(rule.limit) / 1e6)
    }
}
