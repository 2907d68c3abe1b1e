// CMosquitto: libmosquitto for the RTLSMQTT wrapper module only.
// A system-library target compiles no .c file, so any helper Swift cannot call
// directly lives here as a `static inline rtls_mosquitto_*` function with a comment saying why.
#ifndef RTLS_CMOSQUITTO_SHIM_H
#define RTLS_CMOSQUITTO_SHIM_H
#include <mosquitto.h>
// MQTT 5 property identifiers (MQTT_PROP_SESSION_EXPIRY_INTERVAL) live in this header.
#include <mqtt_protocol.h>
#endif
