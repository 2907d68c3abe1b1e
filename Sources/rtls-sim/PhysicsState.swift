/// What the physical mode keeps besides the facility: the radio model, every tag's motion, and when the
/// next fridge reading is due. Times are simulated seconds.
struct PhysicsState {
    var radio: RadioModel
    /// How long a dwell lasts (uniform).
    var dwell: ClosedRange<Double>
    /// Walking pace in m/s (uniform per walk).
    var pace: ClosedRange<Double> = 0.8...1.4
    var advertIntervalS: Double
    /// Tags never move (flutter test).
    var stationary: Bool
    var motions: [TagMotion] = []
    var nextFridgeAt = 0.0
    /// Seconds between two fridge readings (of any fridge).
    var fridgeEveryS = 5.0

    /// The state for `options`, before the tags are placed (``ReadingGenerator/enablePhysics(_:)``).
    init(_ options: PhysicsOptions) {
        self.radio = options.radio
        self.dwell = (options.dwellS * 0.5)...(options.dwellS * 1.5)
        self.advertIntervalS = options.advertIntervalS
        self.stationary = options.flutterDB != nil
    }
}
