extension ReadingBatchWriter {
    /// Makes `id` (a `facilities` row, see ``SiteSync``) the facility whose tags, gateways and zones
    /// this writer names from the next batch on; a facility other than the current one forgets
    /// every cached id, as those rows are the other facility's.
    /// - Important: call on the writer's thread, between batches.
    public func useFacility(_ id: Int32) {
        guard id != self.facilityID else { return }
        if self.facilityID != nil { self.cache = ReferenceIDCache(tagCapacity: self.cache.tagCapacity) }
        self.facilityID = id
    }

    /// The writer's facility; when none was set (no site synced: tests, tools), the facility named
    /// after ``instance``, created if missing. Runs its own statements, so call it outside the
    /// batch's transaction: a rollback must not take away a row the cached id points to.
    func facilityForWrite() throws(DatabaseError) -> Int32 {
        if let id = self.facilityID { return id }
        let id = try SiteSync.facilityID(named: self.instance, connection: self.connection)
        self.facilityID = id
        return id
    }
}
