import ArgumentParser

/// `rtls-bench ring`: SPSC ring against a mutex-protected array, producer and consumer threads.
struct RingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ring", abstract: "SPSCRing<Reading> vs Mutex<[Reading]>: items/s across two threads.")

    @Option(help: "Readings per round.") var items = 10_000_000
    @Option(help: "Queue capacity (the daemon's default ring_capacity).") var capacity = 262_144
    @Option(help: "Rounds (alternating ring and mutex; the best of each is reported).") var rounds = 3

    func run() {
        print(RingBenchmark.run(items: self.items, capacity: self.capacity, rounds: self.rounds))
    }
}
