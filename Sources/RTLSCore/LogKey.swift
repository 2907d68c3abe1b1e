/// Log metadata keys, declared once: lowercase and dotted. The journald handler turns them into
/// `UPPERCASE_UNDERSCORE` fields (`mqtt.topic` → `MQTT_TOPIC`).
public enum LogKey {
    public static let gatewayID = "gateway.id"
    public static let tagID = "tag.id"
    public static let decoderID = "decoder.id"
    public static let mqttTopic = "mqtt.topic"
    public static let zoneID = "zone.id"
    public static let ruleID = "rule.id"
    public static let alertKind = "alert.kind"
    public static let batchRows = "batch.rows"
    public static let spoolBytes = "spool.bytes"
    public static let errorCode = "error.code"
    public static let errorMessage = "error.message"
    public static let count = "count"
    public static let suppressed = "suppressed"
    public static let preview = "payload.preview"
    public static let configFile = "config"
    public static let configSection = "config.section"
    public static let configKeys = "config.keys"
}
