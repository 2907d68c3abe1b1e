// CSystemd: libsystemd (sd_notify, sd_journal) for the RTLSSystemd wrapper module only.
// sd_journal_send is variadic and cannot be called from Swift: the journal handler calls
// sd_journal_sendv with FIELD=value iovecs instead.
#ifndef RTLS_CSYSTEMD_SHIM_H
#define RTLS_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>
#include <sys/prctl.h>

// prctl is variadic too: names the calling thread (PR_SET_NAME keeps 15 bytes and the NUL).
static inline int rtls_set_current_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0UL, 0UL, 0UL);
}
#endif
