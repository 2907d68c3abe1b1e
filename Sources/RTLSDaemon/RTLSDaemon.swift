// RTLSDaemon is the daemon as a library: config loading and validation, the services
// (ingest, writer, watchdog, metrics, reload) and their wiring. The `rtlsd` executable is a thin
// command line on top, so tests can drive the daemon in-process.
