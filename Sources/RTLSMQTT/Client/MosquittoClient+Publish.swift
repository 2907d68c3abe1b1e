/// Publishing conveniences and the topic check that keeps MOSQ_ERR_INVAL a bug.
extension MosquittoClient {
    /// Queues a UTF-8 text message; see ``publish(topic:payload:qos:retain:)``.
    public func publish(topic: String, text: String, qos: MQTTQoS = .atLeastOnce, retain: Bool = false)
        throws(MQTTError)
    {
        try self.publish(topic: topic, payload: Array(text.utf8), qos: qos, retain: retain)
    }

    /// Checks what makes libmosquitto answer MOSQ_ERR_INVAL, so that code can only mean a bug.
    static func validatePublishTopic(_ topic: String) throws(MQTTError) {
        var count = 0
        for byte in topic.utf8 {
            if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "#") || byte == 0 {
                throw MQTTError(.invalidTopic, detail: "topic \"\(topic)\" contains a wildcard or NUL")
            }
            count += 1
        }
        guard count > 0, count <= 65535 else {
            throw MQTTError(.invalidTopic, detail: "topic must be 1 to 65535 bytes, not \(count)")
        }
    }
}
