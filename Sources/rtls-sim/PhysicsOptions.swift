import ArgumentParser

/// `rtls-sim run --physics`: gateways that overhear tags in neighbouring rooms, tags that walk, and a
/// ground truth of where each tag physically is (see `ReadingGenerator+Physics.swift`).
struct PhysicsOptions: ParsableArguments {
    @Flag(
        help: """
            Physical mode: every BLE gateway within radio range hears each advertisement (path loss, walls, noise), \
            tags dwell and walk between rooms, the truth is the room each tag is physically in. Time runs at \
            wall speed (--speed 1) unless --speed says otherwise.
            """)
    var physics = false
    @Option(help: "Physical mode: mean dwell in a room, simulated seconds (each dwell 0.5–1.5 × this).")
    var dwellS = 180.0
    @Option(help: "Physical mode: seconds between a tag's advertisements (±10 % jitter).")
    var advertIntervalS = 1.0
    @Option(help: "Physical mode: standard deviation of the RSSI noise in dB.")
    var rssiSigmaDB = 4.0
    @Option(help: "Physical mode: loss per wall between the tag's room and the gateway's, in dB.")
    var wallLossDB = 6.0
    @Option(help: "Physical mode: path-loss exponent.")
    var pathLossExponent = 2.2
    @Option(name: .customLong("sensitivity-dbm"), help: "Physical mode: gateways report nothing weaker than this, in dBm.")
    var sensitivityDBm = -95.0
    @Option(help: "Physical flutter test: tags stand still and the RSSI noise is uniform in ±N dB (implies --physics).")
    var flutterDB: Double?

    /// Whether the run is physical.
    var enabled: Bool { self.physics || self.flutterDB != nil }

    /// The radio model these options describe.
    var radio: RadioModel {
        var m = RadioModel()
        m.sigmaDB = self.rssiSigmaDB
        m.wallLossDB = self.wallLossDB
        m.pathLossExponent = self.pathLossExponent
        m.sensitivityDBm = self.sensitivityDBm
        m.flutterDB = self.flutterDB
        return m
    }

    func validate() throws {
        guard self.dwellS > 0, self.advertIntervalS > 0 else {
            throw ValidationError("--dwell-s and --advert-interval-s must be positive")
        }
        if let f = self.flutterDB, f < 0 { throw ValidationError("--flutter-db must be 0 or more") }
    }
}
