import Logging
import RTLSCore

extension RulesStage {
    /// What has been logged about readings refused by `[location] max_unknown_tags`.
    struct TagCapReport {
        /// One line when the cap is first reached, then at most one a minute while it refuses.
        var limiter = RateLimiter<Bool>()
        /// ``EngineStatistics/untrackedReadings`` when the last line was written.
        var readingsAtLastLine: UInt64 = 0
        var logged = false
    }

    /// Logs that the unknown-tag cap refused readings: the first time at once, then at most once a
    /// minute with the readings refused since the last line. Called under the stage's lock when a
    /// message had readings of a tag beyond the cap.
    /// - Parameter now: the message's receive time (the limiter's clock).
    func reportTagCap(_ state: inout State, now: Timestamp) {
        guard state.tagCap.limiter.record(true, now: now) != nil else { return }
        let total = state.engine.statistics.untrackedReadings
        let since = total - state.tagCap.readingsAtLastLine
        let limit = state.engine.options.maxUnknownTags
        let metadata: Logger.Metadata = [
            "location.max_unknown_tags": "\(limit)", "readings.untracked": "\(total)",
            "readings.untracked_since_last": "\(since)",
        ]
        if !state.tagCap.logged {
            self.logger.warning(
                "Unknown-tag limit reached: [location] max_unknown_tags = \(limit) tags not in the site are tracked; readings of further unknown tags are stored but not located or checked against rules. Add the tags to the site or raise the limit (rtlsd_location_readings_ignored_total{reason=\"untracked\"})",
                metadata: metadata)
        } else {
            self.logger.warning(
                "Unknown-tag limit: \(since) readings of tags beyond [location] max_unknown_tags = \(limit) since the last line (\(total) in all); stored but not located or checked against rules",
                metadata: metadata)
        }
        state.tagCap.logged = true
        state.tagCap.readingsAtLastLine = total
    }
}
