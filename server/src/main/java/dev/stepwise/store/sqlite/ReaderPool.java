package dev.stepwise.store.sqlite;

import dev.stepwise.store.PoolStats;
import dev.stepwise.store.StoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A fixed set of readers that callers borrow for one scan. Not ThreadLocal: callers are virtual threads, of
 * which there are many and short-lived, so per-thread connections would be opened and leaked without end.
 */
final class ReaderPool implements AutoCloseable {
  /** A scan that waits longer than this for a reader is failed rather than left hanging. */
  private static final long BORROW_TIMEOUT_SECONDS = 30;

  private final BlockingQueue<Reader> idle;
  private final int size;
  private final long closeWaitMillis;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param unfolded the writer's view of the log's unfolded groups, which every read adds to its snapshot
   * @param closeWait how long {@link #close} waits for scans in progress
   */
  ReaderPool(SqliteFile file, int size, Supplier<UnfoldedPoints> unfolded, Duration closeWait) {
    this.size = size;
    this.closeWaitMillis = closeWait.toMillis();
    this.idle = new ArrayBlockingQueue<>(size);
    for (int i = 0; i < size; i++) {
      idle.add(new Reader(file, unfolded));
    }
  }

  /**
   * Runs the action on a borrowed reader, in one read transaction. SQL failures become
   * {@link StoreUnavailableException} and cost the reader its connection (it may be the broken part); the sink's own
   * exceptions pass through untouched.
   */
  void use(Reader.ReadWork action, long timeoutSeconds) {
    Reader reader = borrow(timeoutSeconds);
    try {
      reader.read(action);
    } catch (SQLException e) {
      reader.close();
      throw new StoreUnavailableException("could not read from SQLite: " + e.getMessage(), e);
    } finally {
      idle.add(reader);
    }
  }

  PoolStats stats() {
    int free = idle.size();
    return new PoolStats(size - free, free, size);
  }

  void use(Reader.ReadWork action) {
    use(action, BORROW_TIMEOUT_SECONDS);
  }

  private Reader borrow(long timeoutSeconds) {
    if (closed.get()) {
      throw new StoreUnavailableException("store is closed", null);
    }
    try {
      Reader reader = idle.poll(timeoutSeconds, TimeUnit.SECONDS);
      if (reader == null) {
        throw new StoreUnavailableException("no SQLite reader free within " + timeoutSeconds + " s", null);
      }
      return reader;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for a SQLite reader", e);
    }
  }

  /** Refuses new scans, waits for running ones to hand their reader back, and closes every connection. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (int i = 0; i < size; i++) {
      try {
        Reader reader = idle.poll(closeWaitMillis, TimeUnit.MILLISECONDS);
        if (reader == null) {
          return;
        }
        reader.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
