/// How well rtlsd's room decisions followed the tags' physical rooms: time-weighted accuracy, move
/// latency, and room changes no physical move explains. Pure: built from the truth's positions and
/// rtlsd's zone enter events, both in ms since the epoch.
///
/// Definitions (per tag, then summed):
/// - *Scored time* runs from the tag's first truth position plus `warmupMs` (rtlsd confirms a first
///   room only after a window of sightings) to the run's end. *Accuracy* is the share of scored time in
///   which rtlsd's room (from its latest enter event) equals the physical room; time before rtlsd's
///   first fix counts as wrong and is also reported as *unlocated*. *First fix* is the time from the
///   tag's first truth position to rtlsd's first enter event.
/// - A *move* is a truth position after the first; it is scored when at least `warmupMs` after the
///   start and `tailMs` before the end. It is *caught* by rtlsd's first enter into the new room from `earlyMs` before the
///   move until the tag's next move (or the end); latency is the time from the physical move to that
///   event (0 when earlier). If rtlsd already had the tag there, it is caught with latency 0.
/// - A *spurious* room change is an enter event after the tag's first fix and after the warm-up that
///   caught no move (scored or not); a *ping-pong* is a spurious change that rtlsd undoes (back to the room before)
///   within `pingPongMs`.
struct RoomScore: Equatable {
    struct Options: Equatable {
        var warmupMs: Int64 = 10_000
        var earlyMs: Int64 = 5_000
        var tailMs: Int64 = 20_000
        var pingPongMs: Int64 = 60_000
    }

    var tags = 0
    var scoredMs: Int64 = 0
    var correctMs: Int64 = 0
    var unlocatedMs: Int64 = 0
    var firstFixMs: [Int64] = []
    var neverLocated = 0
    var moves = 0
    var latenciesMs: [Int64] = []
    var missed = 0
    var spurious = 0
    var pingPong = 0

    var accuracy: Double? { self.scoredMs > 0 ? Double(self.correctMs) / Double(self.scoredMs) : nil }
    var unlocated: Double? { self.scoredMs > 0 ? Double(self.unlocatedMs) / Double(self.scoredMs) : nil }

    init() {}

    /// Scores every tag of `truth` against `observed` (enter events per tag) up to `end`.
    init(
        truth: [String: [TruthLog.Position]], observed: [String: [TruthLog.Position]], end: Int64,
        options: Options = Options()
    ) {
        for tag in truth.keys.sorted() {
            guard let positions = truth[tag], !positions.isEmpty else { continue }
            self.add(positions, observed[tag] ?? [], end: end, options: options)
        }
    }

    /// Adds one tag.
    mutating func add(_ truth: [TruthLog.Position], _ events: [TruthLog.Position], end: Int64, options: Options) {
        guard let first = truth.first else { return }
        self.tags += 1
        let from = first.t + options.warmupMs
        if let fix = events.first { self.firstFixMs.append(fix.t - first.t) } else { self.neverLocated += 1 }
        self.addTime(truth, events, from: from, to: end)
        var matched = Set<Int>()
        for k in truth.indices.dropFirst() {
            let move = truth[k]
            // Moves in the warm-up or the tail are matched too (their events are no spurious changes),
            // but not scored.
            let scored = move.t >= from && move.t <= end - options.tailMs
            if scored { self.moves += 1 }
            let until = k + 1 < truth.count ? truth[k + 1].t : end
            if let e = events.indices.first(where: {
                !matched.contains($0) && events[$0].zone == move.zone && events[$0].t >= move.t - options.earlyMs
                    && events[$0].t < until
            }) {
                matched.insert(e)
                if scored { self.latenciesMs.append(max(0, events[e].t - move.t)) }
            } else if Self.zone(at: move.t, in: events) == move.zone {
                if scored { self.latenciesMs.append(0) }
            } else if scored {
                self.missed += 1
            }
        }
        for j in events.indices.dropFirst() where events[j].t >= from && !matched.contains(j) {
            self.spurious += 1
            if j + 1 < events.count, events[j + 1].zone == events[j - 1].zone,
                events[j + 1].t - events[j].t <= options.pingPongMs
            {
                self.pingPong += 1
            }
        }
    }

    /// Adds the time in `[from, to)` where rtlsd's room equals the physical one (and the unlocated time).
    private mutating func addTime(
        _ truth: [TruthLog.Position], _ events: [TruthLog.Position], from: Int64, to: Int64
    ) {
        guard to > from else { return }
        var points = [from]
        for p in truth where p.t > from && p.t < to { points.append(p.t) }
        for p in events where p.t > from && p.t < to { points.append(p.t) }
        points.sort()
        points.append(to)
        for k in 0..<(points.count - 1) {
            let span = points[k + 1] - points[k]
            guard span > 0 else { continue }
            self.scoredMs += span
            let observed = Self.zone(at: points[k], in: events)
            if observed == nil { self.unlocatedMs += span }
            if observed == Self.zone(at: points[k], in: truth) { self.correctMs += span }
        }
    }

    /// The zone of the latest position at or before `t`.
    static func zone(at t: Int64, in positions: [TruthLog.Position]) -> String? {
        var lo = 0
        var hi = positions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if positions[mid].t <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? positions[lo - 1].zone : nil
    }
}

/// The nearest-rank percentile `p` (0…1) of `values`, or `nil` when empty.
func percentile(_ values: [Int64], _ p: Double) -> Int64? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let rank = Int((p * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
}
