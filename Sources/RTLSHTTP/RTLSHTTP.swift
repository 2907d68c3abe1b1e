// RTLSHTTP is the metrics listener: `MetricsHTTPServer`, the minimal HTTP/1.1 server behind
// `GET /metrics`, `/health` and `/ready` (TCP over Glibc sockets, IPv4 and IPv6, one connection at a
// time), `MetricsHTTPResponder`, the pure request → response mapping it answers with, and
// `MetricsServerError`. The daemon's metrics service (RTLSDaemon/Metrics) feeds it the exposition
// text and the health report. Unsafe code is limited to the socket calls in MetricsHTTPServer.swift,
// each with a SAFETY comment.
