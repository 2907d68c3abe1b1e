import Foundation

/// How loud a tag's advertisement reaches a gateway: log-distance path loss, a fixed loss per wall
/// between the tag's room and the gateway's, and noise; below the receiver's sensitivity it is not heard.
///
/// `rssi = txPowerAt1m − 10 · n · log10(d) − wallLossDB · walls + noise`, with `d` at least 0.5 m.
/// The noise is Gaussian (`sigmaDB`), or, for a flutter test, uniform in `±flutterDB`.
struct RadioModel {
    /// RSSI at one metre, in dBm (a typical asset tag at 0 dBm transmit power).
    var txPowerAt1m = -59.0
    /// Path-loss exponent: 2 in free space, 2–3 indoors.
    var pathLossExponent = 2.2
    /// Loss per wall crossed, in dB (plasterboard 3–5, brick or concrete 6–12).
    var wallLossDB = 6.0
    /// Standard deviation of the Gaussian noise, in dB.
    var sigmaDB = 4.0
    /// When set, the noise is uniform in ±`flutterDB` instead of Gaussian.
    var flutterDB: Double?
    /// Weakest advertisement a gateway reports, in dBm.
    var sensitivityDBm = -95.0

    /// The RSSI before noise at `distance` metres through `walls` walls.
    func meanRSSI(distance: Double, walls: Int) -> Double {
        self.txPowerAt1m - 10 * self.pathLossExponent * Foundation.log10(max(0.5, distance))
            - self.wallLossDB * Double(walls)
    }

    /// One received advertisement's RSSI, or `nil` when the gateway does not hear it.
    func rssi(distance: Double, walls: Int, using rng: inout SplitMix64) -> Double? {
        let noise: Double
        if let flutter = self.flutterDB {
            noise = flutter > 0 ? Double.random(in: -flutter...flutter, using: &rng) : 0
        } else {
            noise = rng.gaussian() * self.sigmaDB
        }
        let value = self.meanRSSI(distance: distance, walls: walls) + noise
        return value >= self.sensitivityDBm ? value : nil
    }
}
