/**
 * The embedded default {@link dev.stepwise.store.MetricStore}: one SQLite file in WAL mode. A single writer
 * thread group-commits whatever requests are queued (one fsync for many requests); a small pool of read-only
 * connections serves scans concurrently with it. Points are stored packed, a block per series, minute and
 * transaction ({@link dev.stepwise.store.sqlite.PointBlock}), next to each minute's aggregate. The schema lives in
 * versioned scripts under {@code db/sqlite/}.
 */
package dev.stepwise.store.sqlite;
