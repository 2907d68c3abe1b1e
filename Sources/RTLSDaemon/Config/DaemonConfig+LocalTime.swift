public import RTLSCore

extension DaemonConfig {
    /// The `[[decoder]]` routes as the ingest pipeline takes them: each carries the clock for
    /// timestamps sent without an offset (Tasmota): the route's own `utc_offset` when set (fixed),
    /// else the site's `[facility] timezone` (daylight-saving time included), else UTC.
    /// - Parameter siteTimeZone: the site's clock; `nil` without a site file.
    public func decoderRoutes(siteTimeZone: LocalTimeZone?) -> [DecoderRoute] {
        self.decoders.map { route in
            var r = route
            r.pattern.localTimeZone =
                route.utcOffsetGiven ? .fixed(seconds: route.utcOffsetSeconds) : siteTimeZone
            return r
        }
    }
}
