import RTLSCore
import RTLSDaemon
import RTLSHTTP
import RTLSSystemd
import Synchronization
import Testing

@Suite struct HealthReportTests {
    @Test func readyOnlyWithBrokerDatabaseAndASmallBacklog() {
        let stats = PipelineStats()
        let fill = Mutex(0.0)
        let report = HealthReport(stats: stats, ringFill: { fill.withLock { $0 } }, spoolMaxBytes: 1000)
        var ready = report.ready()
        #expect(ready.status == "503 Service Unavailable")
        #expect(ready.body.contains("\"broker\":{\"ok\":false}"))
        stats.brokerUp.store(true, ordering: .relaxed)
        stats.databaseUp.store(true, ordering: .relaxed)
        ready = report.ready()
        #expect(ready.status == "200 OK")
        #expect(ready.contentType == "application/json")
        #expect(ready.body.hasPrefix("{\"status\":\"ready\""))
        fill.withLock { $0 = 0.95 }
        #expect(report.ready().status == "503 Service Unavailable")
        fill.withLock { $0 = 0.1 }
        stats.spoolBytes.store(600, ordering: .relaxed)
        ready = report.ready()
        #expect(ready.status == "503 Service Unavailable")
        #expect(ready.body.contains("\"backlog\":{\"ok\":false"))
        #expect(ready.body.contains("\"spool_bytes\":600"))
        stats.spoolBytes.store(0, ordering: .relaxed)
        stats.databaseUp.store(false, ordering: .relaxed)
        #expect(report.ready().body.contains("\"database\":{\"ok\":false}"))
    }

    @Test func readyFailsWhileATimescaleDBJobFailsUnhandled() {
        let stats = PipelineStats()
        stats.brokerUp.store(true, ordering: .relaxed)
        stats.databaseUp.store(true, ordering: .relaxed)
        let maintenance = MaintenanceStats()
        let report = HealthReport(stats: stats, ringFill: { 0 }, spoolMaxBytes: nil, maintenance: maintenance)
        // Before the first job check (and with the partitioned storage): not checked, not failing.
        #expect(report.ready().status == "200 OK")
        #expect(report.ready().body.contains("\"timescaledb_jobs\":{\"ok\":true,\"checked\":false"))
        maintenance.jobs.store(10, ordering: .relaxed)
        maintenance.jobsFailing.store(2, ordering: .relaxed)
        maintenance.jobsUnhandled.store(1, ordering: .relaxed)
        maintenance.failingJobIDs.withLock { $0 = [1001, 1008] }
        maintenance.jobsChecked.store(true, ordering: .relaxed)
        var ready = report.ready()
        #expect(ready.status == "503 Service Unavailable")
        #expect(
            ready.body.contains(
                "\"timescaledb_jobs\":{\"ok\":false,\"checked\":true,\"jobs\":10,\"failing\":2,\"handled\":1,"
                    + "\"unhandled\":1,\"failing_job_ids\":[1001,1008]"))
        // rtlsd's own run_job succeeded for both: still failing in the worker, but handled.
        maintenance.jobsUnhandled.store(0, ordering: .relaxed)
        ready = report.ready()
        #expect(ready.status == "200 OK")
        #expect(ready.body.contains("\"failing\":2,\"handled\":2,\"unhandled\":0"))
    }

    @Test func healthSaysStalledWhenTheWriterHeartbeatStandsStill() {
        let stats = PipelineStats()
        let report = HealthReport(stats: stats, ringFill: { 0 }, spoolMaxBytes: nil)
        let start = DaemonClock.now()
        #expect(report.health(now: start).status == "200 OK")
        let later = start.advanced(byMicroseconds: (HealthReport.stallSeconds + 1) * 1_000_000)
        let stalled = report.health(now: later)
        #expect(stalled.status == "503 Service Unavailable")
        #expect(stalled.body.contains("\"status\":\"stalled\""))
        stats.writerHeartbeat.add(1, ordering: .relaxed)
        #expect(report.health(now: later).status == "200 OK")
    }
}
