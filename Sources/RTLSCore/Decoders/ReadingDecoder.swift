/// A pure function from one MQTT message to readings: one conforming type per vendor format.
///
/// Decoders do no I/O and keep no state between messages; they may be called from any one thread
/// at a time with a reused ``DecodeOutput``.
public protocol ReadingDecoder: Sendable {
    /// Stable identifier shared by config, metric labels and logs (`rtls-json`, `zebra-fx`).
    static var id: String { get }

    /// Decodes one message, appending readings (and per-item rejections) to `output`.
    ///
    /// - Parameters:
    ///   - topic: The MQTT topic the message arrived on.
    ///   - payload: The message bytes.
    ///   - context: Receive time, topic captures and limits.
    ///   - output: Where readings, rejected items and gateway status go.
    /// - Throws: `DecodeError` when the message as a whole is unusable (not JSON, no readings at all).
    func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
}
