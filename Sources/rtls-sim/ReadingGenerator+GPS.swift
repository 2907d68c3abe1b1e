extension ReadingGenerator {
    /// Publishes a fix for every GPS tracker that is due at `simSeconds`: OwnTracks `location` on
    /// `owntracks/<user>/<device>` (or rtls-json under `TrafficPlan.gpsGateway`), with a few metres of
    /// GPS noise; records the zone of the tracker's true position in the ground truth when it changes. Returns the fixes sent.
    mutating func gpsFixes(nowMs: Int64, simSeconds: Double, emit: (String, [UInt8]) -> Void) -> Int {
        var sent = 0
        for i in self.facility.gpsTrackers.indices where self.facility.gpsTrackers[i].nextReportAt <= simSeconds {
            var tracker = self.facility.gpsTrackers[i]
            let position = tracker.advance(to: simSeconds, using: &self.rng)
            let noise = tracker.isMoving ? 4.0 : 2.0
            let fix = GPSCampus.degrees(
                east: position.east + self.rng.gaussian() * noise, north: position.north + self.rng.gaussian() * noise)
            let acc = Int(noise * 2) + Int.random(in: 0...6, using: &self.rng)
            let region = GPSCampus.stop(lat: fix.lat, lon: fix.lon).map { GPSCampus.stops[$0].name }
            // The truth is where the tracker is, not where its noisy fix says it is.
            let truePosition = GPSCampus.degrees(east: position.east, north: position.north)
            let zone = GPSCampus.zone(lat: truePosition.lat, lon: truePosition.lon)
            if zone != tracker.lastZone {
                self.truth?.gps(
                    tag: tracker.tag, assetClass: tracker.assetClass, from: tracker.lastZone, to: zone, ms: nowMs)
                tracker.lastZone = zone
            }
            let battery = Int(tracker.battery)
            if self.plan.owntracksGPS {
                let payload = VendorPayloads.owntracksLocation(
                    lat: fix.lat, lon: fix.lon, ms: nowMs, acc: acc, battery: battery, region: region)
                emit(tracker.topic, Array(payload.utf8))
            } else {
                self.append(
                    topic: "rtls/\(TrafficPlan.gpsGateway)/readings", header: nil,
                    item: VendorPayloads.rtlsGPS(
                        tag: tracker.tag, lat: fix.lat, lon: fix.lon, acc: acc, battery: battery, zone: region,
                        ms: nowMs),
                    emit: emit)
            }
            tracker.battery = max(0, tracker.battery - 0.01)
            tracker.nextReportAt = simSeconds + (tracker.isMoving ? GPSTracker.movingReportS : GPSTracker.parkedReportS)
            self.facility.gpsTrackers[i] = tracker
            sent += 1
        }
        return sent
    }
}
