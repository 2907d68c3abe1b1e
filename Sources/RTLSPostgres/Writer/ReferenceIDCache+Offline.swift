package import RTLSCore

extension ReferenceIDCache {
    /// The writer's per-batch cache work without a database, for `rtls-bench refcache`: collect the
    /// names the cache lacks (as ``ReadingBatchWriter/write(_:events:batchID:)`` does), give them
    /// consecutive ids as the upsert would, look every reading's ids up as the COPY encoding does,
    /// then commit.
    /// - Parameters:
    ///   - readings: one batch.
    ///   - nextID: the next id to hand out (advanced by the names learned).
    /// - Returns: the sum of the ids looked up, so the work cannot be optimised away.
    package mutating func simulateBatch(_ readings: [Reading], nextID: inout Int32) -> Int64 {
        var names = ReferenceNames()
        for r in readings { names.add(r, cache: self) }
        for tag in names.tags {
            self.tags.insertPending(nextID, for: tag)
            nextID &+= 1
        }
        for gateway in names.gateways {
            self.gateways.insertPending(nextID, for: gateway)
            nextID &+= 1
        }
        for zone in names.zones {
            self.zones.insertPending(nextID, for: zone)
            nextID &+= 1
        }
        for metric in names.metrics {
            self.metrics.insertPending(Int16(truncatingIfNeeded: nextID), for: metric)
            nextID &+= 1
        }
        var sum: Int64 = 0
        for r in readings {
            sum &+= Int64(self.usingTagID(r.tag) ?? -1)
            if !r.gateway.isEmpty { sum &+= Int64(self.gatewayID(r.gateway) ?? -1) }
            if !r.zone.isEmpty { sum &+= Int64(self.zoneID(r.zone) ?? -1) }
        }
        self.commitPending()
        return sum
    }
}
