import Testing

@testable import rtls_sim

/// Room accuracy, move latency and spurious changes from hand-built truth and observed enter events.
@Suite struct RoomScoreTests {
    typealias P = TruthLog.Position

    static var noWarmup: RoomScore.Options {
        var o = RoomScore.Options()
        o.warmupMs = 0
        o.tailMs = 0
        return o
    }

    @Test func aTagFollowedExactlyScoresFullAccuracyAndZeroLatency() {
        let truth = [P(t: 0, zone: "A"), P(t: 50_000, zone: "B")]
        let seen = [P(t: 0, zone: "A"), P(t: 50_000, zone: "B")]
        let s = RoomScore(truth: ["T": truth], observed: ["T": seen], end: 100_000, options: Self.noWarmup)
        #expect(s.tags == 1)
        #expect(s.accuracy == 1)
        #expect(s.moves == 1)
        #expect(s.latenciesMs == [0])
        #expect(s.missed == 0)
        #expect(s.spurious == 0)
    }

    @Test func lateFirstFixAndLateMoveCostAccuracyAndShowAsLatency() {
        // Unlocated for 10 s, then right; the move to B is seen 6 s late.
        let truth = [P(t: 0, zone: "A"), P(t: 50_000, zone: "B")]
        let seen = [P(t: 10_000, zone: "A"), P(t: 56_000, zone: "B")]
        let s = RoomScore(truth: ["T": truth], observed: ["T": seen], end: 100_000, options: Self.noWarmup)
        #expect(s.scoredMs == 100_000)
        #expect(s.correctMs == 84_000)
        #expect(s.unlocatedMs == 10_000)
        #expect(s.firstFixMs == [10_000])
        #expect(s.latenciesMs == [6_000])
    }

    @Test func theWarmupIsNotScored() {
        let truth = [P(t: 0, zone: "A")]
        let seen = [P(t: 10_000, zone: "A")]
        let s = RoomScore(truth: ["T": truth], observed: ["T": seen], end: 100_000)
        #expect(s.scoredMs == 90_000)
        #expect(s.accuracy == 1)
    }

    @Test func aMoveNeverFollowedIsMissedAndAnUnexplainedChangeIsSpurious() {
        let truth = [P(t: 0, zone: "A"), P(t: 40_000, zone: "B"), P(t: 80_000, zone: "C")]
        // B never seen; a flip to D and back to A is a ping-pong; C caught 2 s early.
        let seen = [P(t: 0, zone: "A"), P(t: 20_000, zone: "D"), P(t: 30_000, zone: "A"), P(t: 78_000, zone: "C")]
        let s = RoomScore(truth: ["T": truth], observed: ["T": seen], end: 120_000, options: Self.noWarmup)
        #expect(s.moves == 2)
        #expect(s.missed == 1)
        #expect(s.latenciesMs == [0])
        #expect(s.spurious == 2)
        #expect(s.pingPong == 1)
    }

    @Test func movesInTheTailAreNotScoredAndUnseenTagsCountAsNeverLocated() {
        var o = Self.noWarmup
        o.tailMs = 20_000
        let truth = [P(t: 0, zone: "A"), P(t: 90_000, zone: "B")]
        let s = RoomScore(truth: ["T": truth, "U": [P(t: 0, zone: "A")]], observed: [:], end: 100_000, options: o)
        #expect(s.moves == 0)
        #expect(s.neverLocated == 2)
        #expect(s.accuracy == 0)
        #expect(s.unlocated == 1)
    }

    @Test func aMoveInTheWarmupIsNotScoredButItsEventIsNoSpuriousChange() {
        // Moved 8 s in, seen 18 s in (after the 10 s warm-up).
        let truth = [P(t: 0, zone: "A"), P(t: 8_000, zone: "B")]
        let seen = [P(t: 6_000, zone: "A"), P(t: 18_000, zone: "B")]
        let s = RoomScore(truth: ["T": truth], observed: ["T": seen], end: 100_000)
        #expect(s.moves == 0)
        #expect(s.spurious == 0)
        #expect(s.correctMs == 82_000)
    }

    @Test func percentileIsNearestRank() {
        #expect(percentile([], 0.5) == nil)
        #expect(percentile([5, 1, 3], 0.5) == 3)
        #expect(percentile(Array(1...100), 0.95) == 95)
        #expect(percentile([7], 1) == 7)
    }
}
