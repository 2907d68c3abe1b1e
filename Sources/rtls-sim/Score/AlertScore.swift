/// Alert precision and recall against the truth's expected alerts. Pure.
///
/// An expected alert is *found* when rtlsd fired the same rule for the same tag within `toleranceMs` of
/// the expected time; each fired alert is used once, nearest first. Only rules the truth predicts count
/// (`rules`): precision = found / fired, recall = found / expected, per rule and overall.
struct AlertScore: Equatable {
    struct Counts: Equatable {
        var expected = 0
        var fired = 0
        var found = 0
        var precision: Double? { self.fired > 0 ? Double(self.found) / Double(self.fired) : nil }
        var recall: Double? { self.expected > 0 ? Double(self.found) / Double(self.expected) : nil }
    }

    /// A fired alert as read from the database.
    struct Fired: Equatable {
        var t: Int64
        var rule: String
        var tag: String
    }

    var perRule: [String: Counts] = [:]
    var total = Counts()

    init(expected: [TruthLog.ExpectedAlert], fired: [Fired], rules: Set<String>, toleranceMs: Int64 = 30_000) {
        var pool = fired.filter { rules.contains($0.rule) }
        for f in pool { self.perRule[f.rule, default: Counts()].fired += 1 }
        var used = [Bool](repeating: false, count: pool.count)
        for e in expected.sorted(by: { $0.t < $1.t }) where rules.contains(e.rule) {
            self.perRule[e.rule, default: Counts()].expected += 1
            var best: Int?
            for j in pool.indices where !used[j] && pool[j].rule == e.rule && pool[j].tag == e.tag {
                let d = abs(pool[j].t - e.t)
                if d <= toleranceMs, best.map({ d < abs(pool[$0].t - e.t) }) ?? true { best = j }
            }
            if let best {
                used[best] = true
                self.perRule[e.rule, default: Counts()].found += 1
            }
        }
        pool.removeAll()
        for c in self.perRule.values {
            self.total.expected += c.expected
            self.total.fired += c.fired
            self.total.found += c.found
        }
    }
}
