extension RuleEngine {
    /// Resolves a location reading to a zone and applies zone rules.
    ///
    /// Order of evidence: a zone named by the reading (QR, ESPresense), floor x/y, lat/lon, then
    /// the gateway (BLE with smoothing and hysteresis, RFID antenna map, the gateway's zone).
    ///
    /// Arbitration across technologies (ordering is per tag *and* confidence, see
    /// ``LocationMethod/confidence``): a reading older than the current fix counts only if it is
    /// more certain and at most `arbitrationWindow` older (an RFID portal read stamped just before a
    /// BLE report arrives after it); a less certain reading within that window after the fix does
    /// not move the tag (BLE smoothing still learns from it). Every reading ignored is counted by
    /// reason (``EngineStatistics``).
    mutating func locate(_ t: Int, _ r: Reading, gateway: Int32, into output: inout EngineOutput) {
        let time = r.time.microseconds
        let rank = Self.source(of: r).confidence
        let fixTime = self.tags[t].locationTime
        let fixRank = self.tags[t].method?.confidence ?? 0
        let window = BLERoomTracker.micros(self.options.arbitrationWindow)
        // BLE by gateway is ordered by its own windows: a sighting from one gateway stamped before
        // another gateway's newer one still counts while its window is open (the tracker says late).
        let bleWindowed = rank == fixRank && rank == LocationMethod.ble.confidence && r.kind == .ble
        if time < fixTime, !bleWindowed {
            guard rank > fixRank, fixTime &- time <= window else {
                if rank > fixRank { self.statistics.staleReadings &+= 1 } else { self.statistics.lateReadings &+= 1 }
                return
            }
        } else if rank < fixRank, time &- fixTime < window {
            self.statistics.outrankedReadings &+= 1
            if let sighting = self.bleSighting(r, gateway: gateway), let rssi = r.rssi {
                _ = self.tags[t].ble.observe(
                    gateway: sighting.gateway, zone: sighting.zone, rssi: rssi, time: time, options: self.options,
                    watermarks: self.watermarks)
            }
            return
        }
        var zone: Int32 = -1
        var floor: Int32 = -1
        let method: LocationMethod
        if let sighting = self.bleSighting(r, gateway: gateway), let rssi = r.rssi {
            // BLE by gateway, or by a room node (ESPresense) that names its own room: one gateway among
            // several that hear the tag, decided by the window rule (not taken as a reported zone).
            method = .ble
            switch self.tags[t].ble.observe(
                gateway: sighting.gateway, zone: sighting.zone, rssi: rssi, time: time, options: self.options,
                watermarks: self.watermarks)
            {
            case .locating:
                // First room not confirmed yet: the tag is locating and raises no zone alert.
                self.statistics.locatingReadings &+= 1
                return
            case .late:
                self.statistics.lateReadings &+= 1
                return
            case .room(let decided):
                zone = decided
            }
        } else if !r.zone.isEmpty {
            method = r.kind == .qr ? .qr : .reported
            guard let z = self.site.zoneIndex(r.zone) else { return self.unresolved() }
            zone = z
        } else if let x = r.x, let y = r.y {
            method = .uwb
            if gateway >= 0, let f = self.site.gateways[Int(gateway)].floor {
                floor = f
            } else if self.site.floors.count == 1 {
                floor = 0
            } else {
                return self.unresolved()
            }
            zone = self.floorIndexes[Int(floor)].lookup(Point(x: Double(x), y: Double(y))) ?? -1
        } else if let lat = r.lat, let lon = r.lon {
            method = .gps
            zone = self.geoIndex.lookup(Point(x: lon, y: lat)) ?? -1
        } else {
            guard gateway >= 0 else { return self.unresolved() }
            let gatewayZone = self.site.gateways[Int(gateway)].zone
            switch r.kind {
            case .ble:
                return self.unresolved()  // no RSSI, or the gateway covers no zone (bleSighting above)
            case .rfid:
                method = .rfid
                guard let z = r.antenna.flatMap({ self.site.gateways[Int(gateway)].antennas[$0] }) ?? gatewayZone else {
                    return self.unresolved()
                }
                zone = z
            case .qr, .uwb, .gps, .sensor:
                method = r.kind == .qr ? .qr : .rfid
                guard let z = gatewayZone else { return self.unresolved() }
                zone = z
            }
        }
        if zone >= 0, let f = self.site.zones[Int(zone)].floor { floor = f }
        self.tags[t].locationTime = max(fixTime, time)
        self.tags[t].method = method
        self.tags[t].gateway = r.gateway
        if zone != self.tags[t].zone {
            // A more certain read that arrived late moves the tag now, not before the fix it overrides.
            self.move(t, to: zone, floor: floor, at: max(fixTime, time), method: method, into: &output)
        } else if floor >= 0 {
            self.tags[t].floor = floor
        }
        if self.tags[t].hasPresenceRules { self.evaluatePresence(t, at: time, into: &output) }
        output.locations.append(self.currentLocation(t))
    }

    /// What the BLE room tracker is fed for a BLE sighting: the gateway's index and zone, or for a
    /// room node that names its room (ESPresense), that zone and a pseudo-gateway per room
    /// (`-2 - zone`); `nil` when the reading is not a BLE sighting of a known place.
    func bleSighting(_ r: Reading, gateway: Int32) -> (gateway: Int32, zone: Int32)? {
        guard Self.isBLESighting(r) else { return nil }
        if !r.zone.isEmpty {
            guard let z = self.site.zoneIndex(r.zone) else { return nil }
            return (gateway >= 0 ? gateway : -2 - z, z)
        }
        guard gateway >= 0, let gz = self.site.gateways[Int(gateway)].zone else { return nil }
        return (gateway, gz)
    }

    /// A BLE reading with an RSSI and no position of its own: located by the window rule.
    static func isBLESighting(_ r: Reading) -> Bool { r.kind == .ble && r.rssi != nil && r.x == nil && r.lat == nil }

    /// The method a reading will be located by (the branches of ``locate(_:_:gateway:into:)``).
    static func source(of r: Reading) -> LocationMethod {
        if !r.zone.isEmpty, Self.isBLESighting(r) { return .ble }
        if !r.zone.isEmpty { return r.kind == .qr ? .qr : .reported }
        if r.x != nil, r.y != nil { return .uwb }
        if r.lat != nil, r.lon != nil { return .gps }
        switch r.kind {
        case .ble: return .ble
        case .qr: return .qr
        case .rfid, .uwb, .gps, .sensor: return .rfid
        }
    }

    private mutating func unresolved() {
        self.statistics.unresolvedReadings &+= 1
    }

    /// Moves a tag between zones: exit/enter events, then zone, restricted, exit and dwell rules.
    private mutating func move(
        _ t: Int, to zone: Int32, floor: Int32, at time: Int64, method: LocationMethod, into output: inout EngineOutput
    ) {
        let from = self.tags[t].zone
        if from >= 0 { self.appendZoneEvent(.exit, t, zone: from, at: time, method: method, into: &output) }
        if zone >= 0 { self.appendZoneEvent(.enter, t, zone: zone, at: time, method: method, into: &output) }
        self.tags[t].zone = zone
        self.tags[t].floor = floor
        self.tags[t].zoneSince = time
        if method != .ble { self.tags[t].ble.adopt(zone) }
        for k in self.tags[t].slots.indices {
            let slot = self.tags[t].slots[k]
            let rule = self.rules[Int(slot.rule)]
            switch rule.kind {
            case .zoneEnter, .restrictedZone:
                if self.covers(slot.rule, zone), !slot.active {
                    self.fire(t, k, at: time, zone: zone, into: &output)
                } else if slot.active, !self.covers(slot.rule, zone) {
                    self.clear(t, k, at: time, into: &output)
                }
            case .zoneExit:
                if self.covers(slot.rule, from), !self.covers(slot.rule, zone), !slot.active {
                    self.fire(t, k, at: time, zone: from, into: &output)
                } else if slot.active, self.covers(slot.rule, zone) {
                    self.clear(t, k, at: time, into: &output)
                }
            case .dwell:
                if self.covers(slot.rule, zone) {
                    if !self.covers(slot.rule, from) || slot.since == noTime { self.tags[t].slots[k].since = time }
                } else {
                    self.tags[t].slots[k].since = noTime
                    if slot.active { self.clear(t, k, at: time, into: &output) }
                }
            case .usage where rule.signal == .zone:
                self.evaluateZoneUsage(t, k, zone: zone, at: time, into: &output)
            default: break
            }
        }
    }

    private func appendZoneEvent(
        _ transition: ZoneEvent.Transition, _ t: Int, zone: Int32, at time: Int64, method: LocationMethod,
        into output: inout EngineOutput
    ) {
        output.zoneEvents.append(
            ZoneEvent(
                transition: transition, time: Timestamp(microseconds: time), tag: self.tags[t].tag,
                asset: self.tags[t].assetName, zoneIndex: zone,
                zone: self.site.zones[Int(zone)].name, method: method, gateway: self.tags[t].gateway))
    }

    /// Dwell and after-hours checks at `now` (a reading's time or the sweep clock).
    mutating func evaluatePresence(_ t: Int, at now: Int64, into output: inout EngineOutput) {
        for k in self.tags[t].slots.indices {
            let slot = self.tags[t].slots[k]
            let rule = self.rules[Int(slot.rule)]
            switch rule.kind {
            case .dwell:
                if !slot.active, slot.since != noTime, now - slot.since >= rule.limit {
                    self.fire(
                        t, k, at: now, zone: self.tags[t].zone, value: Double(now - slot.since) / 1e6,
                        threshold: Double(rule.limit) / 1e6, into: &output)
                }
            case .afterHours:
                let floor = self.tags[t].floor
                let minute = FacilityClock.minuteOfDay(now, timeZone: self.site.timeZone)
                let home = self.site.assets[Int(self.tags[t].asset)].homeFloor ?? -1
                let away =
                    floor >= 0 && floor != home
                    && FacilityClock.isWithin(minute, from: rule.fromMinute, to: rule.toMinute)
                if away, !slot.active {
                    let name = self.site.floors[Int(floor)].name
                    self.fire(t, k, at: now, zone: self.tags[t].zone, detail: name, into: &output)
                } else if !away, slot.active {
                    self.clear(t, k, at: now, into: &output)
                }
            default: break
            }
        }
    }
}
