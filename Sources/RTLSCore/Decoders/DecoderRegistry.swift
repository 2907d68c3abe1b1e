/// Every decoder rtlsd ships, by stable id. Adding a format is one line here plus its file,
/// its fixtures, a README row and a commented `[[decoder]]` block in `config/rtlsd.toml`.
public enum DecoderRegistry {
    /// All registered decoders.
    public static let all: [any ReadingDecoder] = [
        RTLSJSONDecoder(),
        ZebraFXDecoder(),
        ImpinjR700Decoder(),
        MinewG1Decoder(),
        ESPresenseDecoder(),
        RuuviGatewayDecoder(),
        PozyxDecoder(),
        OwnTracksDecoder(),
        RTLSQRDecoder(),
        Zigbee2MQTTDecoder(),
        TasmotaDecoder(),
        ESPHomeDecoder(),
        TheengsDecoder(),
    ]

    /// The decoder with this id, or `nil`.
    public static func decoder(id: String) -> (any ReadingDecoder)? {
        self.all.first { type(of: $0).id == id }
    }

    /// Registered ids, in registration order.
    public static var ids: [String] { self.all.map { type(of: $0).id } }
}
