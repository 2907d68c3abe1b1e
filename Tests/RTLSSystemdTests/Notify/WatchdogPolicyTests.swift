import RTLSSystemd
import Testing

@Suite struct WatchdogPolicyTests {
    private typealias Sample = WatchdogPolicy.PipelineSample

    private func sample(
        received: UInt64, written: UInt64, depth: Int, reachable: Bool = true, spooling: Bool = false
    ) -> Sample {
        Sample(
            messagesReceived: received, readingsWritten: written, ringDepth: depth,
            databaseReachable: reachable, spooling: spooling)
    }

    /// Runs samples through a fresh policy and returns every decision.
    private func decisions(_ samples: [Sample]) -> [WatchdogPolicy.Decision] {
        var policy = WatchdogPolicy()
        return samples.map { policy.decide($0) }
    }

    @Test func firstSamplePingsAsBaseline() {
        #expect(self.decisions([self.sample(received: 0, written: 0, depth: 500)]) == [.ping(.baseline)])
    }

    @Test func drainingPingsEvenWithBacklog() {
        let result = self.decisions([
            self.sample(received: 100, written: 0, depth: 100),
            self.sample(received: 900, written: 400, depth: 500),
        ])
        #expect(result.last == .ping(.draining))
    }

    @Test func stalledWriterWithQueuedReadingsWithholds() {
        let result = self.decisions([
            self.sample(received: 100, written: 50, depth: 50),
            self.sample(received: 300, written: 50, depth: 250),
            self.sample(received: 300, written: 50, depth: 250),
        ])
        #expect(result[1] == .withhold(.writerStalled(ringDepth: 250)))
        #expect(result[2] == .withhold(.writerStalled(ringDepth: 250)))
        #expect(!result[2].sendsPing)
    }

    @Test func stallEvenWhileSpoolingWithholds() {
        let result = self.decisions([
            self.sample(received: 10, written: 10, depth: 0, reachable: false, spooling: true),
            self.sample(received: 20, written: 10, depth: 10, reachable: false, spooling: true),
        ])
        #expect(result[1] == .withhold(.writerStalled(ringDepth: 10)))
    }

    @Test func quietSiteWithHealthyDatabasePings() {
        let result = self.decisions([
            self.sample(received: 7, written: 7, depth: 0),
            self.sample(received: 7, written: 7, depth: 0),
        ])
        #expect(result[1] == .ping(.idle))
    }

    @Test func messagesWithNothingQueuedPingAsReceiving() {
        let result = self.decisions([
            self.sample(received: 7, written: 7, depth: 0),
            self.sample(received: 9, written: 7, depth: 0),
        ])
        #expect(result[1] == .ping(.receiving))
    }

    @Test func idleWhileSpoolingPings() {
        let result = self.decisions([
            self.sample(received: 1, written: 1, depth: 0, reachable: false, spooling: true),
            self.sample(received: 1, written: 1, depth: 0, reachable: false, spooling: true),
        ])
        #expect(result[1] == .ping(.idle))
    }

    @Test func idleWithNowhereToWriteWithholds() {
        let result = self.decisions([
            self.sample(received: 1, written: 1, depth: 0),
            self.sample(received: 1, written: 1, depth: 0, reachable: false, spooling: false),
        ])
        #expect(result[1] == .withhold(.noDestination))
    }

    @Test func recoveryPingsAgain() {
        let result = self.decisions([
            self.sample(received: 10, written: 0, depth: 10),
            self.sample(received: 10, written: 0, depth: 10),
            self.sample(received: 10, written: 10, depth: 0),
        ])
        #expect(result.map(\.sendsPing) == [true, false, true])
    }

    @Test func withheldReasonsReadAsSentences() {
        let stalled = WatchdogPolicy.Withheld.writerStalled(ringDepth: 1234).description
        #expect(stalled.contains("1234 readings queued"))
        #expect(WatchdogPolicy.Withheld.noDestination.description.contains("spool"))
    }
}
