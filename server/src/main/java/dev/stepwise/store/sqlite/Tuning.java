package dev.stepwise.store.sqlite;

import java.time.Duration;

/**
 * Knobs that production leaves at their defaults and tests turn to make failures happen quickly and on purpose.
 *
 * @param busyTimeout how long to wait for a lock held by another process (a backup tool, the sqlite3 shell)
 * @param maxPageCount the database's size cap in pages, 0 for SQLite's default; a small cap makes the file
 *     "full" (SQLITE_FULL, what a full disk gives) without filling a disk
 * @param beforeTransaction runs on the writer thread before each transaction; lets a test hold the writer busy
 */
record Tuning(Duration busyTimeout, int maxPageCount, Runnable beforeTransaction) {
  static final Tuning DEFAULT = new Tuning(Duration.ofSeconds(5), 0, () -> {});

  Tuning withBusyTimeout(Duration timeout) {
    return new Tuning(timeout, maxPageCount, beforeTransaction);
  }

  Tuning withMaxPageCount(int pages) {
    return new Tuning(busyTimeout, pages, beforeTransaction);
  }

  Tuning withBeforeTransaction(Runnable hook) {
    return new Tuning(busyTimeout, maxPageCount, hook);
  }
}
