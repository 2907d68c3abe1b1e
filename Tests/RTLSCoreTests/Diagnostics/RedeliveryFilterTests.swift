import RTLSCore
import Testing

@Suite struct RedeliveryFilterTests {
    static func t(_ seconds: Double) -> Timestamp { Timestamp(seconds: 1_763_900_000 + seconds) }

    @Test func fnv1aMatchesPublishedVectors() {
        // FNV-1a 64 of "" is the offset basis; of "a" is 0xaf63dc4c8601ec8c. The key hashes
        // topic + 0x00 + payload, so check it against a direct hash of those bytes.
        #expect(
            RedeliveryFilter.key(topic: "a", payload: []) != RedeliveryFilter.key(topic: "", payload: Array("a".utf8)))
        var direct: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in Array("a".utf8) { direct = (direct ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        #expect(direct == 0xAF63_DC4C_8601_EC8C)
        direct = (direct ^ 0) &* 0x0000_0100_0000_01B3
        #expect(RedeliveryFilter.key(topic: "a", payload: []) == direct)
    }

    @Test func steadyOperationDropsNothing() {
        var filter = RedeliveryFilter(capacity: 16, horizonMicroseconds: 10_000_000)
        filter.connectionEstablished(at: Self.t(0))
        // The same payload on the same topic, every 2 s, 20 times, from the start: 20 readings.
        for i in 0..<20 {
            let dropped = filter.isRedelivery(key: 42, at: Self.t(Double(i) * 2))
            #expect(!dropped)
        }
        #expect(filter.dropped == 0)
    }

    @Test func afterAReconnectRecentMessagesAndTheirRepeatsAreDroppedForTheWindow() {
        var filter = RedeliveryFilter(capacity: 1024, horizonMicroseconds: 10_000_000)
        filter.connectionEstablished(at: Self.t(0))
        _ = filter.isRedelivery(key: 1, at: Self.t(1))  // 99 s before the drop: not in doubt
        for k in UInt64(10)..<20 { _ = filter.isRedelivery(key: k, at: Self.t(95 + Double(k - 10) * 0.5)) }
        #expect(filter.dropped == 0)
        filter.connectionLost(at: Self.t(100))
        filter.connectionEstablished(at: Self.t(103))
        #expect(filter.suspectCount == 10)
        // Redeliveries of 10…19 are dropped, and so is a second copy (the publisher's resend).
        for k in UInt64(10)..<20 {
            let dropped = filter.isRedelivery(key: k, at: Self.t(104))
            #expect(dropped)
        }
        let again = filter.isRedelivery(key: 10, at: Self.t(105))
        #expect(again)
        // 1 (too old) passes, and a message first seen after the reconnect passes once; its repeat
        // within the window (queued original + resend) is dropped.
        let old = filter.isRedelivery(key: 1, at: Self.t(104))
        #expect(!old)
        let fresh = filter.isRedelivery(key: 99, at: Self.t(104))
        let freshAgain = filter.isRedelivery(key: 99, at: Self.t(106))
        #expect(!fresh && freshAgain)
        #expect(filter.dropped == 12)
    }

    @Test func theWindowClosesAfterTheHorizon() {
        var filter = RedeliveryFilter(capacity: 1024, horizonMicroseconds: 10_000_000)
        filter.connectionEstablished(at: Self.t(0))
        _ = filter.isRedelivery(key: 7, at: Self.t(5))
        filter.connectionEstablished(at: Self.t(6))
        // 11 s after the reconnect the same payload is a new measurement.
        let late = filter.isRedelivery(key: 7, at: Self.t(17))
        #expect(!late)
        #expect(filter.suspectCount == 0)
        let again = filter.isRedelivery(key: 7, at: Self.t(18))
        #expect(!again)
    }

    @Test func seededMessagesBecomeSuspectsAtTheFirstConnection() {
        // What a restart does with the write-ahead log: logged messages are recorded, then connect.
        var filter = RedeliveryFilter(capacity: 4, horizonMicroseconds: 10_000_000)
        for k in UInt64(1)...6 { filter.record(key: k, at: Self.t(Double(k))) }
        filter.connectionEstablished(at: Self.t(60))
        // Capacity 4: the newest four (3…6) are remembered.
        #expect(filter.suspectCount == 4)
        let d6 = filter.isRedelivery(key: 6, at: Self.t(61))
        let d2 = filter.isRedelivery(key: 2, at: Self.t(61))
        #expect(d6 && !d2)
    }

    @Test func aSecondQuickReconnectKeepsEarlierSuspects() {
        var filter = RedeliveryFilter(capacity: 64, horizonMicroseconds: 10_000_000)
        filter.connectionEstablished(at: Self.t(0))
        _ = filter.isRedelivery(key: 5, at: Self.t(1))
        filter.connectionEstablished(at: Self.t(2))
        filter.connectionEstablished(at: Self.t(3))  // dropped again before the redelivery came
        let dropped = filter.isRedelivery(key: 5, at: Self.t(4))
        #expect(dropped)
    }

    @Test func atStartEachLoggedMessageIsDroppedOnce() {
        // Two identical payloads logged before a crash: the broker redelivers each at most once, and
        // a third copy after the restart is a new measurement.
        var filter = RedeliveryFilter(capacity: 64, horizonMicroseconds: 10_000_000)
        filter.record(key: 5, at: Self.t(1))
        filter.record(key: 5, at: Self.t(2))
        filter.connectionEstablished(at: Self.t(3))
        let first = filter.isRedelivery(key: 5, at: Self.t(4))
        let second = filter.isRedelivery(key: 5, at: Self.t(4))
        let third = filter.isRedelivery(key: 5, at: Self.t(4))
        let fourth = filter.isRedelivery(key: 5, at: Self.t(5))
        #expect(first && second && !third && !fourth)
    }

    /// Mosquitto 2.0.11 resends each message it held unacknowledged twice on a resumed session,
    /// with the identifier it first used: the second copy goes, other repeats stay.
    @Test func aResendWithTheSamePacketIDInTheWindowIsDropped() {
        var filter = RedeliveryFilter(capacity: 64, horizonMicroseconds: 10_000_000)
        filter.connectionEstablished(at: Self.t(0))  // a clean start: no suspects
        var first = [Bool](), second = [Bool]()
        for id in UInt16(1)...5 { first.append(filter.isRedelivery(key: 100 + UInt64(id), packetID: id, at: Self.t(1))) }
        for id in UInt16(1)...5 { second.append(filter.isRedelivery(key: 100 + UInt64(id), packetID: id, at: Self.t(1))) }
        #expect(first == [false, false, false, false, false])
        #expect(second == [true, true, true, true, true])
        // The same payload queued again by the broker gets a new identifier: a measurement.
        let requeued = filter.isRedelivery(key: 101, packetID: 6, at: Self.t(2))
        // QoS 0 (no identifier) is never resent.
        let qos0 = [filter.isRedelivery(key: 300, packetID: 0, at: Self.t(2)), filter.isRedelivery(key: 300, packetID: 0, at: Self.t(2))]
        // After the window an identifier comes round again for another message.
        let later = filter.isRedelivery(key: 101, packetID: 1, at: Self.t(11))
        #expect(!requeued && qos0 == [false, false] && !later)
        #expect(filter.dropped == 5)
    }

    @Test func aResendOfADroppedSuspectIsDroppedToo() {
        // After a crash the logged message is a suspect; the broker sends it twice.
        var filter = RedeliveryFilter(capacity: 64, horizonMicroseconds: 10_000_000)
        filter.record(key: 5, at: Self.t(1))
        filter.connectionEstablished(at: Self.t(3))
        let first = filter.isRedelivery(key: 5, packetID: 40, at: Self.t(4))
        let resend = filter.isRedelivery(key: 5, packetID: 40, at: Self.t(4))
        let new = filter.isRedelivery(key: 5, packetID: 41, at: Self.t(5))
        #expect(first && resend && !new)
    }

    @Test func identifiersAreComparedOnlyOverTheFirst65535MessagesOfAWindow() {
        // Past 65,535 messages a broker may give an identifier to another message with equal bytes.
        var filter = RedeliveryFilter(capacity: 16, horizonMicroseconds: 10_000_000)
        filter.connectionEstablished(at: Self.t(0))
        let first = filter.isRedelivery(key: 9, packetID: 7, at: Self.t(1))
        for i in 1..<65_535 { _ = filter.isRedelivery(key: UInt64(1_000 + i), packetID: UInt16((6 + i) % 65_535 + 1), at: Self.t(1)) }
        let wrapped = filter.isRedelivery(key: 9, packetID: 7, at: Self.t(2))
        #expect(!first && !wrapped)
    }

    @Test func afterTheWindowRepeatsAreMeasurementsAgain() {
        var filter = RedeliveryFilter(capacity: 64, horizonMicroseconds: 10_000_000)
        filter.connectionEstablished(at: Self.t(0))
        _ = filter.isRedelivery(key: 5, at: Self.t(1))
        filter.connectionEstablished(at: Self.t(3))
        let inWindow = filter.isRedelivery(key: 5, at: Self.t(4))
        let late = filter.isRedelivery(key: 5, at: Self.t(14))
        let later = filter.isRedelivery(key: 5, at: Self.t(15))
        #expect(inWindow && !late && !later)
    }

    /// A message whose handling waited (a full log) is acknowledged late: it stays in doubt relative
    /// to when it was acknowledged, not to when it arrived.
    @Test func aMessageAcknowledgedLateStaysInDoubt() {
        var filter = RedeliveryFilter(capacity: 64, horizonMicroseconds: 10_000_000)
        filter.connectionEstablished(at: Self.t(0))
        _ = filter.isRedelivery(key: 1, at: Self.t(1))
        filter.restampNewest(at: Self.t(30))  // the log was full for 29 s
        _ = filter.isRedelivery(key: 2, at: Self.t(30))
        filter.connectionEstablished(at: Self.t(31))
        #expect(filter.suspectCount == 2)
        let dropped = filter.isRedelivery(key: 1, at: Self.t(32))
        #expect(dropped)
    }

    /// After a long outage of rtlsd's connection the broker queued what publishers sent meanwhile:
    /// identical readings in that backlog are all measurements, only pre-loss suspects drop.
    @Test func afterALongOutageQueuedRepeatsAreKept() {
        var filter = RedeliveryFilter(capacity: 64, horizonMicroseconds: 10_000_000)
        filter.connectionEstablished(at: Self.t(0))
        _ = filter.isRedelivery(key: 1, at: Self.t(1))
        filter.connectionLost(at: Self.t(2))
        filter.connectionEstablished(at: Self.t(300))  // five minutes later
        let redelivered = filter.isRedelivery(key: 1, at: Self.t(300))
        let queued = (0..<5).map { _ in filter.isRedelivery(key: 42, at: Self.t(301)) }
        #expect(redelivered)
        #expect(queued == [false, false, false, false, false])
    }
}
