// RTLSCore owns everything that is pure logic in rtlsd: the reading model, the JSON scanner and
// per-vendor decoders, topic matching, the lock-free ring buffer, geometry, location resolution and
// alert rules. It imports no C module and no wrapper module, and does no I/O.
