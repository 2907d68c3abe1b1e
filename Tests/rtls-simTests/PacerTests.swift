import Testing

@testable import rtls_sim

/// The pacer's arithmetic, with elapsed time given rather than read from a clock.
@Suite struct PacerTests {
    @Test func readingsAreDueInProportionToElapsedTime() {
        var pacer = Pacer(rate: 1000)
        #expect(pacer.due(afterSeconds: 0) == 0)
        #expect(pacer.due(afterSeconds: 0.25) == 250)
        pacer.sent(250)
        #expect(pacer.due(afterSeconds: 0.25) == 0)
        #expect(pacer.due(afterSeconds: 0.5) == 250)
        pacer.sent(100)
        #expect(pacer.due(afterSeconds: 0.5) == 150)
    }

    @Test func sendingAheadOwesNothingUntilTimeCatchesUp() {
        var pacer = Pacer(rate: 100)
        pacer.sent(50)
        #expect(pacer.due(afterSeconds: 0.2) == 0)
        #expect(pacer.due(afterSeconds: 0.6) == 10)
    }

    @Test func aStallOwesAtMostOneSecondAndForgetsTheRest() {
        var pacer = Pacer(rate: 200)
        #expect(pacer.due(afterSeconds: 10) == 200)
        pacer.sent(200)
        // The 9 s backlog is forgotten: only what accrues from here on is owed.
        #expect(pacer.due(afterSeconds: 10) == 0)
        #expect(pacer.due(afterSeconds: 10.5) == 100)
    }

    @Test(arguments: [1.0, 37.5, 2000, 250_000])
    func overManyStepsTheAverageRateHolds(rate: Double) {
        var pacer = Pacer(rate: rate)
        var sent = 0
        for step in 1...1000 {
            let n = pacer.due(afterSeconds: Double(step) * 0.01)
            #expect(n >= 0 && Double(n) <= rate)
            pacer.sent(n)
            sent += n
        }
        // 10 s at `rate`, less at most one reading lost to rounding down.
        #expect(Double(sent) <= rate * 10)
        #expect(Double(sent) >= rate * 10 - 1)
    }
}
