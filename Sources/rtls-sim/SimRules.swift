/// Ids and thresholds of the generated rules that the ground truth predicts (see `SiteFileWriter.rules`).
enum SimRules {
    static let pumpAtDock = "pump-at-loading-dock"
    static let ventLeavesICU = "vent-leaves-icu"
    static let fridge = "vaccine-fridge"
    static let wheelchairInCarPark = "wheelchair-in-car-park"
    /// Fridge temperature band in °C and how long (ms) outside it before the alert, in range before it clears;
    /// short enough to fire within a drifting fridge's warm phase (one simulated hour = 60 s at `--speed 60`).
    static let fridgeAbove = 8.0
    static let fridgeBelow = 2.0
    static let fridgeForMs: Int64 = 30_000
    static let fridgeClearMs: Int64 = 30_000
    /// The rules whose alerts the ground truth predicts (what `rtls-sim score` counts precision over).
    static let predicted: Set<String> = [pumpAtDock, ventLeavesICU, fridge, wheelchairInCarPark]
}
