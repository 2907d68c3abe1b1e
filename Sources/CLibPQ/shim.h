// CLibPQ: libpq for the RTLSPostgres wrapper module only.
// Helpers Swift cannot call directly live here as `static inline rtls_pq_*` with a comment saying why.
#ifndef RTLS_CLIBPQ_SHIM_H
#define RTLS_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
