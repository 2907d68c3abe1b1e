extension ReadingGenerator {
    /// Switches the generator to the physical mode: places every tag at a random point of its room and
    /// staggers first walks and advertisements.
    mutating func enablePhysics(_ options: PhysicsOptions) {
        var state = PhysicsState(options)
        for a in self.facility.assets {
            state.motions.append(
                TagMotion(
                    room: a.room, in: self.facility,
                    departAt: Double.random(in: 0...options.dwellS, using: &self.rng),
                    nextAdvertAt: Double.random(in: 0..<options.advertIntervalS, using: &self.rng),
                    using: &self.rng))
        }
        self.physics = state
    }

    /// Physical mode: moves every tag on to `simSeconds` (recording each room it physically enters in the
    /// truth, with the dock portal read when that room is a loading dock) and publishes the advertisements
    /// due, each heard by every gateway of the tag's floor that the radio model lets hear it, plus the
    /// fridge readings and GPS fixes due. Returns the readings produced.
    ///
    /// Every tag advertises every `advertIntervalS` (±10 %) whatever the others do, so none is starved.
    mutating func advertise(nowMs: Int64, simSeconds sim: Double, emit: (String, [UInt8]) -> Void) -> Int {
        guard var state = self.physics else { return 0 }
        // Taken out while in use, so `state` stays uniquely referenced next to `self.rng`.
        self.physics = nil
        defer { self.physics = state }
        var produced = self.gpsFixes(nowMs: nowMs, simSeconds: sim, emit: emit)
        if !self.facility.fridges.isEmpty, sim >= state.nextFridgeAt {
            produced += self.fridgeReading(nowMs: nowMs, simSeconds: sim, emit: emit)
            state.nextFridgeAt = sim + state.fridgeEveryS
        }
        for i in state.motions.indices {
            let before = state.motions[i].room
            state.motions[i].advance(
                to: sim, in: self.facility, dwell: state.dwell, pace: state.pace, stationary: state.stationary,
                using: &self.rng)
            let room = state.motions[i].room
            if room != before {
                let asset = self.facility.assets[i]
                self.facility.assets[i].room = room
                self.moves += 1
                let r = self.facility.rooms[room]
                self.truth?.move(
                    tag: asset.tag, assetClass: asset.assetClass, from: self.facility.rooms[before], to: r, ms: nowMs)
                if r.kind == "loading-dock" { produced += self.portalRead(asset, at: r, nowMs: nowMs, emit: emit) }
            }
            guard sim >= state.motions[i].nextAdvertAt else { continue }
            let next = state.motions[i].nextAdvertAt
                + state.advertIntervalS * Double.random(in: 0.9...1.1, using: &self.rng)
            // After a stall, carry on from now rather than burst the advertisements missed.
            state.motions[i].nextAdvertAt = next > sim ? next : sim + state.advertIntervalS
            produced += self.hear(i, state.motions[i], radio: state.radio, sim: sim, nowMs: nowMs, emit: emit)
        }
        return produced
    }

    /// One advertisement of tag `i` at its position, heard by the gateways of its floor (published in random
    /// order); returns the sightings.
    private mutating func hear(
        _ i: Int, _ motion: TagMotion, radio: RadioModel, sim: Double, nowMs: Int64, emit: (String, [UInt8]) -> Void
    ) -> Int {
        let asset = self.facility.assets[i]
        var heard = 0
        // In random order: which gateway's report reaches the broker first varies from one advertisement to the next.
        for g in self.facility.floorRooms(of: motion.room).shuffled(using: &self.rng) {
            let r = self.facility.rooms[g]
            if let until = self.silentUntil[r.gateway], until > sim { continue }
            let dx = motion.x - r.centerX
            let dy = motion.y - r.centerY
            let d = (dx * dx + dy * dy).squareRoot()
            guard
                let rssi = radio.rssi(
                    distance: d, walls: self.facility.walls(between: motion.room, g), using: &self.rng)
            else { continue }
            self.publishSighting(asset, by: r, rssi: rssi, distance: d, nowMs: nowMs, emit: emit)
            heard += 1
        }
        self.facility.assets[i].battery = max(0, asset.battery - 0.0002)
        return heard
    }
}
