// SAFETY (file): the only unsafe operations here read the static, NUL-terminated strings libmosquitto
// and libc return for an error code (`mosquitto_strerror`, `mosquitto_connack_string`,
// `mosquitto_reason_string`, `strerror`); they are never freed and never NULL for any int input.
private import CMosquitto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one funnel for libmosquitto return codes: maps `MOSQ_ERR_*` to ``MQTTError`` and traps on
/// codes that can only mean a bug in rtlsd (an argument rtlsd should have validated, a handle it
/// should not have lost). Kept apart so the client reads as a sequence of calls, not of switches.
enum MosquittoStatus {
    /// Whether `rc` is `MOSQ_ERR_SUCCESS`.
    static func isSuccess(_ rc: Int32) -> Bool { rc == MOSQ_ERR_SUCCESS.rawValue }

    /// Whether `rc` is `MOSQ_ERR_NO_CONN` (the socket is already closed).
    static func isNoConnection(_ rc: Int32) -> Bool { rc == MOSQ_ERR_NO_CONN.rawValue }

    /// Throws the error for `rc` unless it is success.
    /// - Parameters:
    ///   - rc: A libmosquitto return code.
    ///   - operation: The call, for the message (`mosquitto_publish`).
    ///   - invalid: What `MOSQ_ERR_INVAL` means for this call when it can come from input (a TLS file
    ///     that cannot be opened); `nil` when rtlsd validated the input, so INVAL is a bug and traps.
    static func check(_ rc: Int32, _ operation: StaticString, invalid: MQTTError.Code? = nil) throws(MQTTError) {
        guard !self.isSuccess(rc) else { return }
        throw self.error(rc, operation, invalid: invalid)
    }

    /// The error for a non-success `rc` (read `errno` right after the failing call).
    static func error(_ rc: Int32, _ operation: StaticString, invalid: MQTTError.Code? = nil) -> MQTTError {
        let savedErrno = errno
        let text = unsafe String(cString: mosquitto_strerror(rc))
        func make(_ code: MQTTError.Code, _ detail: String = text) -> MQTTError { MQTTError(code, detail: detail) }
        switch rc {
        case MOSQ_ERR_INVAL.rawValue:
            guard let invalid else {
                preconditionFailure("\(operation) returned MOSQ_ERR_INVAL for arguments rtlsd validated: a bug in rtlsd")
            }
            return make(invalid, "\(operation): \(text)")
        case MOSQ_ERR_NOMEM.rawValue: return make(.outOfMemory)
        case MOSQ_ERR_NO_CONN.rawValue: return make(.notConnected)
        case MOSQ_ERR_CONN_LOST.rawValue: return make(.connectionLost)
        case MOSQ_ERR_CONN_REFUSED.rawValue: return make(.connectionRefused)
        case MOSQ_ERR_KEEPALIVE.rawValue: return make(.keepaliveTimeout, "broker did not answer within the keep-alive")
        case MOSQ_ERR_ERRNO.rawValue:
            let reason = unsafe String(cString: strerror(savedErrno))
            return make(.connectionFailed, reason)
        case MOSQ_ERR_EAI.rawValue, MOSQ_ERR_LOOKUP.rawValue: return make(.lookupFailed)
        case MOSQ_ERR_TLS.rawValue, MOSQ_ERR_TLS_HANDSHAKE.rawValue, MOSQ_ERR_OCSP.rawValue: return make(.tls)
        case MOSQ_ERR_AUTH.rawValue, MOSQ_ERR_ACL_DENIED.rawValue: return make(.notAuthorized)
        case MOSQ_ERR_PROTOCOL.rawValue, MOSQ_ERR_MALFORMED_PACKET.rawValue, MOSQ_ERR_DUPLICATE_PROPERTY.rawValue,
            MOSQ_ERR_TOPIC_ALIAS_INVALID.rawValue:
            return make(.protocolError)
        case MOSQ_ERR_MALFORMED_UTF8.rawValue: return make(.invalidTopic)
        case MOSQ_ERR_PAYLOAD_SIZE.rawValue, MOSQ_ERR_OVERSIZE_PACKET.rawValue: return make(.payloadTooLarge)
        case MOSQ_ERR_NOT_SUPPORTED.rawValue, MOSQ_ERR_QOS_NOT_SUPPORTED.rawValue,
            MOSQ_ERR_RETAIN_NOT_SUPPORTED.rawValue:
            return make(.notSupported)
        case MOSQ_ERR_ADMINISTRATIVE_ACTION.rawValue: return make(.connectionLost, "broker administrator disconnected us")
        case MOSQ_ERR_TIMEOUT.rawValue: return make(.connectionFailed)
        case MOSQ_ERR_CONN_PENDING.rawValue: return make(.connectionFailed, "connection still pending")
        default: return make(.unknown, "\(operation) returned \(rc): \(text)")
        }
    }

    /// The error for a refusal in CONNACK.
    /// - Parameters:
    ///   - code: The CONNACK return code (MQTT 3.1.1, 1…5) or reason code (MQTT 5, ≥ 0x80).
    ///   - v5: Whether the connection speaks MQTT 5.
    static func connackError(_ code: Int32, v5: Bool) -> MQTTError {
        let text = unsafe v5 ? String(cString: mosquitto_reason_string(code)) : String(cString: mosquitto_connack_string(code))
        // 3.1.1: 4 bad user name or password, 5 not authorised. 5.0: 0x86 bad user name or password, 0x87 not authorised.
        let auth: Set<Int32> = v5 ? [0x86, 0x87, 0x8C] : [4, 5]
        return MQTTError(auth.contains(code) ? .notAuthorized : .connectionRefused, detail: text)
    }
}
