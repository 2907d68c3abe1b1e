/// Tuning for location resolution (the `[location]` table of the rules file).
public struct LocationOptions: Sendable, Equatable {
    /// BLE decision window: readings are averaged per gateway over it (default 2 s).
    public var bleWindow: Duration = .seconds(2)
    /// How often a window is decided, each over the last `bleWindow` (default `nil`: half a window,
    /// 1 s with the default window, so windows overlap); it must divide `bleWindow` in at most 4 steps.
    public var bleStep: Duration? = nil
    /// The longest a window waits after its end for gateways that have not reported past it: it is
    /// decided at the latest at the first sighting stamped that much later (default `nil`: half a
    /// window). Usually it is decided sooner, once every gateway that heard the tag has (see
    /// ``GatewayWatermarks``).
    public var bleMaxDelay: Duration? = nil
    /// How many dB the new room's mean RSSI must beat the current room's by to lead (default 4).
    public var bleSwitchMarginDB: Float = 4
    /// Over how many whole windows the new room must lead (default 2).
    public var bleSwitchWindows: Int = 2
    /// A lead this large (dB) over a current room that was heard moves the tag at the end of one
    /// window (default 10).
    public var bleFastMarginDB: Float = 10
    /// How long a fix of higher confidence (RFID, QR, UWB, GPS) outranks a lower one (BLE) that
    /// comes after it, and how late it may itself arrive after a lower one (default 10 s).
    public var arbitrationWindow: Duration = .seconds(10)
    /// Tags not in the site config tracked at most (memory bound); further unknown tags are counted only.
    public var maxUnknownTags: Int = 200_000

    /// The defaults.
    public init() {}
}
