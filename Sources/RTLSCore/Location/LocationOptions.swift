/// Tuning for location resolution (the `[location]` table of the rules file).
public struct LocationOptions: Sendable, Equatable {
    /// BLE smoothing time constant and hysteresis window length (default 5 s).
    public var bleWindow: Duration = .seconds(5)
    /// How many dB the new room's smoothed RSSI must beat the current room's by (default 4).
    public var bleSwitchMarginDB: Float = 4
    /// For how many consecutive windows the new room must lead (default 2).
    public var bleSwitchWindows: Int = 2
    /// How long a fix of higher confidence (RFID, QR, UWB, GPS) outranks a lower one (BLE) that
    /// comes after it, and how late it may itself arrive after a lower one (default 10 s).
    public var arbitrationWindow: Duration = .seconds(10)
    /// Tags not in the site config tracked at most (memory bound); further unknown tags are counted only.
    public var maxUnknownTags: Int = 200_000

    /// The defaults.
    public init() {}
}
