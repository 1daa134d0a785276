/**
 * The embedded default {@link dev.stepwise.store.MetricStore}: one SQLite file in WAL mode. A single writer
 * thread group-commits whatever requests are queued (one fsync for many requests); a small pool of read-only
 * connections serves scans concurrently with it. Each group commit appends its points as one {@code point_log} row
 * ({@link dev.stepwise.store.sqlite.GroupLog}); a few times a second the writer folds the log into packed blocks, a
 * block per series and minute ({@link dev.stepwise.store.sqlite.PointBlock}), next to each minute's aggregate, and
 * readers add the points not yet folded ({@link dev.stepwise.store.sqlite.UnfoldedPoints}) to their snapshot. The
 * schema lives in versioned scripts under {@code db/sqlite/}.
 */
package dev.stepwise.store.sqlite;
