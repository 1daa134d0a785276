package dev.stepwise.store.sqlite;

import dev.stepwise.store.OutageLog;
import dev.stepwise.store.PoolStats;
import dev.stepwise.store.StoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of readers that callers borrow for one scan. Not ThreadLocal: callers are virtual threads, of
 * which there are many and short-lived, so per-thread connections would be opened and leaked without end.
 *
 * <p>Once closed, a reader is closed wherever it is: the idle ones by {@link #close}, a borrowed one by its borrower
 * when it hands it back, however late; none goes back into the pool.
 */
final class ReaderPool implements AutoCloseable {
  /** A scan that waits longer than this for a reader is failed rather than left hanging. */
  private static final long BORROW_TIMEOUT_SECONDS = 30;

  /** How often a scan waiting for a reader looks whether the pool was closed meanwhile. */
  private static final long BORROW_SLICE_MILLIS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(ReaderPool.class);

  private final BlockingQueue<Reader> idle;
  private final int size;
  private final long closeWaitMillis;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Counts down once per reader closed after the pool was closed. */
  private final CountDownLatch closedReaders;

  private final OutageLog readHealth;

  /**
   * @param unfolded the writer's view of the log's unfolded groups, which every read adds to its snapshot
   * @param closeWait how long {@link #close} waits for scans in progress
   * @param readHealth told whether each read could read the file
   */
  ReaderPool(SqliteFile file, int size, Supplier<UnfoldedPoints> unfolded, Duration closeWait, OutageLog readHealth) {
    this.size = size;
    this.readHealth = readHealth;
    this.closeWaitMillis = closeWait.toMillis();
    this.idle = new ArrayBlockingQueue<>(size);
    this.closedReaders = new CountDownLatch(size);
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
      readHealth.succeeded();
    } catch (SQLException e) {
      reader.close();
      readHealth.failed(e);
      throw new StoreUnavailableException("could not read from SQLite: " + e.getMessage(), e);
    } finally {
      handBack(reader);
    }
  }

  PoolStats stats() {
    int free = idle.size();
    return new PoolStats(closed.get() ? 0 : size - free, free, size);
  }

  void use(Reader.ReadWork action) {
    use(action, BORROW_TIMEOUT_SECONDS);
  }

  private Reader borrow(long timeoutSeconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try {
      while (!closed.get()) {
        Reader reader = idle.poll(BORROW_SLICE_MILLIS, TimeUnit.MILLISECONDS);
        if (reader != null) {
          if (closed.get()) { // close() began meanwhile: this one is not to be used
            handBack(reader);
            break;
          }
          return reader;
        }
        if (System.nanoTime() > deadline) {
          throw new StoreUnavailableException("no SQLite reader free within " + timeoutSeconds + " s", null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for a SQLite reader", e);
    }
    throw new StoreUnavailableException("store is closed", null);
  }

  /**
   * Back into the pool, or closed when the pool is (or became, between the check and the add: then whichever of this
   * and {@link #close} takes it out of the queue closes it).
   */
  private void handBack(Reader reader) {
    if (closed.get()) {
      closeAfterPool(reader);
      return;
    }
    idle.add(reader);
    if (closed.get() && idle.remove(reader)) {
      closeAfterPool(reader);
    }
  }

  private void closeAfterPool(Reader reader) {
    reader.close();
    closedReaders.countDown();
  }

  /**
   * Refuses new scans, closes the idle readers, and waits a while for running scans to hand theirs back (closed as
   * they come). A scan still running after that closes its reader when it ends.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Reader reader = idle.poll(); reader != null; reader = idle.poll()) {
      closeAfterPool(reader);
    }
    try {
      if (!closedReaders.await(closeWaitMillis, TimeUnit.MILLISECONDS)) {
        LOG.warn("{} SQLite scan(s) still running at close; their readers close when they end",
            closedReaders.getCount());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
