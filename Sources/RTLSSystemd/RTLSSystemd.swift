// RTLSSystemd owns the systemd side: sd_notify (READY, STATUS, WATCHDOG, RELOADING, STOPPING)
// and the journald LogHandler. Only this module imports CSystemd.
