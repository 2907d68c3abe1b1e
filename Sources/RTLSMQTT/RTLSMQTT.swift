// RTLSMQTT owns the broker side: the libmosquitto client (the only file importing CMosquitto),
// connect/subscribe/reconnect with capped backoff, and publishing (alerts, the simulator).
