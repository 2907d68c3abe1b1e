// CSystemd: libsystemd (sd_notify, sd_journal) for the RTLSSystemd wrapper module only.
// sd_journal_send is variadic and cannot be called from Swift: the journal handler calls
// sd_journal_sendv with FIELD=value iovecs instead.
#ifndef RTLS_CSYSTEMD_SHIM_H
#define RTLS_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>
#endif
