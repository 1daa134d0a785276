package dev.stepwise.store.sqlite;

import java.time.Duration;

/**
 * Knobs that production leaves at their defaults and tests turn to make failures happen quickly and on purpose.
 *
 * @param busyTimeout how long to wait for a lock held by another process (a backup tool, the sqlite3 shell)
 * @param maxPageCount the database's size cap in pages, 0 for SQLite's default; a small cap makes the file
 *     "full" (SQLITE_FULL, what a full disk gives) without filling a disk
 * @param beforeTransaction runs on the writer thread before each transaction; lets a test hold the writer busy
 * @param fold when the writer folds its log; tests fold after every group, or only on request
 * @param readerCloseWait how long closing the store waits for scans in progress to hand their readers back
 */
record Tuning(Duration busyTimeout, int maxPageCount, Runnable beforeTransaction, FoldPolicy fold,
    Duration readerCloseWait) {
  static final Tuning DEFAULT =
      new Tuning(Duration.ofSeconds(5), 0, () -> {}, FoldPolicy.DEFAULT, Duration.ofSeconds(30));

  Tuning withBusyTimeout(Duration timeout) {
    return new Tuning(timeout, maxPageCount, beforeTransaction, fold, readerCloseWait);
  }

  Tuning withMaxPageCount(int pages) {
    return new Tuning(busyTimeout, pages, beforeTransaction, fold, readerCloseWait);
  }

  Tuning withBeforeTransaction(Runnable hook) {
    return new Tuning(busyTimeout, maxPageCount, hook, fold, readerCloseWait);
  }

  Tuning withFold(FoldPolicy policy) {
    return new Tuning(busyTimeout, maxPageCount, beforeTransaction, policy, readerCloseWait);
  }

  Tuning withReaderCloseWait(Duration wait) {
    return new Tuning(busyTimeout, maxPageCount, beforeTransaction, fold, wait);
  }
}
