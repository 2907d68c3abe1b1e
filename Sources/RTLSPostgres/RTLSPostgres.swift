// RTLSPostgres owns the database side: the libpq connection (the only file importing CLibPQ),
// the binary COPY encoder, the migrations runner, partition upkeep and the batch writer's I/O.
// It imports RTLSCore for the reading model.
