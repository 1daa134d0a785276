/**
 * The shared store: PostgreSQL through pgjdbc and a HikariCP pool, for several stateless server nodes over one
 * database. Appends are group-committed by one writer thread per node; the database decides everything that
 * nodes could race on (point identity, metric and point limits, arrival order).
 */
package dev.stepwise.store.postgres;
