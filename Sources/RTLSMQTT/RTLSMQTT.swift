// RTLSMQTT owns the broker side: the libmosquitto client, connect/subscribe/reconnect with capped
// backoff, persistent sessions, TLS, and publishing (alerts, the simulator).
//
// May import: CMosquitto (only in Client/MosquittoClient.swift and Client/MosquittoStatus.swift),
// RTLSCore, Logging. Unsafe code lives in Client/ and each use carries a `// SAFETY:` comment.
//
// - Client/MosquittoClient.swift: the C boundary (handle, callbacks, publish, start/stop).
// - Client/MosquittoClient+Session.swift: the network thread carrying out the state machine's actions,
//   the research on when libmosquitto sends PUBACK, and the clean stop built on it.
// - Client/HalfClosedSocket.swift: the clean stop's last steps on the socket (DISCONNECT, FIN, drain).
// - Session/MQTTSessionStateMachine.swift: pure decisions (retry, backoff, what to log).
// - Config/: MQTTConfiguration, MQTTURL. Model/: MQTTMessage, MQTTSubscription, MQTTQoS.
