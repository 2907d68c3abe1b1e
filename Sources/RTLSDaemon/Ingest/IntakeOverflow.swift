import Synchronization

/// The hand-over between intake (MQTT thread) and the writer when the writer falls behind, with the
/// write-ahead log on: intake never waits on the database while the log has room.
///
/// Every reading is in the log before it reaches the ring, numbered. When the ring is full, intake
/// stops pushing (``leave()``): the readings that follow stay in the log only (``noteLeft(_:)``),
/// and the MQTT thread goes on to the next message (the rules have already seen them: alerts stay
/// real-time). The writer drains the ring; once it is empty it stores what intake left, up to
/// ``leftThrough``, reading it back from the log, and asks for the ring back
/// (``requestResume()``). Intake's next reading goes to the ring again; if more were left before
/// it, its number is past the last one the writer saw, and the writer reads that gap back from the
/// log before going on with the ring. Storage keeps log order. Backpressure to the broker starts
/// only when the log is at `max_bytes`.
///
/// - Important: ``leave()`` and ``takeResume()`` are intake's (one thread); ``isLeft`` and
///   ``requestResume()`` are the writer's.
public final class IntakeOverflow: Sendable {
    /// Set by intake when the ring was full: its readings since are in the log only.
    private let left = Atomic<Bool>(false)
    /// Set by the writer once the ring is empty: intake may push again.
    private let resume = Atomic<Bool>(false)
    /// The log number of the last reading intake left in the log (0: none yet).
    private let lastLeft = Atomic<UInt64>(0)

    /// Creates the hand-over (intake on the ring).
    public init() {}

    /// Intake: the ring is full; readings from now on stay in the log until the writer asks back.
    func leave() {
        self.resume.store(false, ordering: .relaxed)
        self.left.store(true, ordering: .releasing)
    }

    /// Intake: the reading numbered `sequence` stays in the log only. Call after ``leave()``.
    func noteLeft(_ sequence: UInt64) {
        self.lastLeft.store(sequence, ordering: .releasing)
    }

    /// Intake: whether the writer asked for the ring back (then intake is on the ring again).
    func takeResume() -> Bool {
        guard self.resume.load(ordering: .acquiring) else { return false }
        self.resume.store(false, ordering: .relaxed)
        self.left.store(false, ordering: .releasing)
        return true
    }

    /// Writer: the number of the last reading intake left in the log (0: none). Read it *before*
    /// seeing the ring empty: then every number from the writer's next expected one up to it is in
    /// the log only (intake pushes only higher numbers after a resume).
    var leftThrough: UInt64 { self.lastLeft.load(ordering: .acquiring) }

    /// Writer: whether intake is leaving readings in the log.
    var isLeft: Bool { self.left.load(ordering: .acquiring) }

    /// Writer: the ring is drained; intake's next reading may go to the ring.
    func requestResume() {
        self.resume.store(true, ordering: .releasing)
    }
}
