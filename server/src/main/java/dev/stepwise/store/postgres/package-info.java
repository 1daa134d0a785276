/**
 * The shared store: PostgreSQL through pgjdbc and a HikariCP pool, for several stateless server nodes over one
 * database. Appends are group-committed by a few writer lanes per node (a trial component always on the same one);
 * the database decides everything that nodes and lanes could race on (point identity, metric and point limits,
 * arrival order).
 */
package dev.stepwise.store.postgres;
