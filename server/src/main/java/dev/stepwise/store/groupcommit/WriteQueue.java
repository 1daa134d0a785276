package dev.stepwise.store.groupcommit;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.EntityStateException;
import dev.stepwise.store.OutageLog;
import dev.stepwise.store.StoreOverloadedException;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.WriterStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: request threads queue their batches here; one platform thread takes whatever is queued, writes
 * it in one transaction (one fsync, or one set of round trips to a database server) and completes every batch's
 * future. The queue is bounded, and a full queue refuses at once, so a slow disk or database turns into
 * throttling rather than into memory.
 *
 * <p>The writer is a platform thread because it spends its life in native SQLite calls, fsync or blocking
 * socket reads, which would pin a virtual thread's carrier anyway. Futures are completed on it: dependents
 * should be async or cheap.
 */
public final class WriteQueue implements AutoCloseable {
  /** Caps a transaction so one commit cannot hold the write lock (and the readers' WAL) for long. */
  static final int MAX_POINTS_PER_TRANSACTION = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);

  /** After idle work failed (the disk is full, say), how long before it is tried again while nothing is queued. */
  private static final long IDLE_RETRY_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** A batch to append, or (batch null) a task to run alone on the writer's thread. */
  private record Pending(
      AppendBatch batch, CompletableFuture<List<AppendOutcome>> future, Task<?> task, CompletableFuture<Object> done) {
    Pending(AppendBatch batch, CompletableFuture<List<AppendOutcome>> future) {
      this(batch, future, null, null);
    }
  }

  /** Work that must not interleave with appends (a deletion): run on the writer's thread, between groups. */
  @FunctionalInterface
  public interface Task<T> {
    T run() throws Exception;
  }

  /** Queued by close, after which nothing else can be queued: the writer stops when it takes it. */
  private static final Pending STOP = new Pending(null, null);

  /** A task taken while a group was being gathered: it runs after that group. Writer thread only. */
  private Pending carried;

  private final BlockingQueue<Pending> queue;
  private final int capacity;
  private final String storeName;
  private final BatchWriter writer;
  private final Runnable beforeTransaction;
  private final Thread thread;
  private final AtomicLong transactionsCommitted = new AtomicLong();
  private final AtomicLong commitNanos = new AtomicLong();
  private final AtomicLong failedTransactions = new AtomicLong();
  private final AtomicLong batchesCommitted = new AtomicLong();

  /** Makes "check closed, then queue" atomic with respect to close, so nothing is queued after STOP. */
  private final ReadWriteLock gate = new ReentrantReadWriteLock();

  private boolean closed;

  /** Whether the last transaction, task or idle work committed; logs each change. */
  private final OutageLog writeHealth;

  /** After idle work failed, none before this {@link System#nanoTime}; writer thread only. */
  private boolean idleFailed;
  private long idleRetryAt;

  /**
   * @param storeName names the thread and the log lines, e.g. "sqlite"
   * @param beforeTransaction runs on the writer thread after a group is taken and before it is written; a test
   *     seam to hold the writer busy, a no-op otherwise
   */
  public WriteQueue(String storeName, BatchWriter writer, int capacity, Runnable beforeTransaction) {
    this(storeName, writer, capacity, beforeTransaction, new OutageLog(storeName + " store", "write"));
  }

  /** @param writeHealth told of every commit's and task's outcome (so also of readiness probes run as tasks) */
  public WriteQueue(String storeName, BatchWriter writer, int capacity, Runnable beforeTransaction,
      OutageLog writeHealth) {
    this.writeHealth = writeHealth;
    if (capacity < 1) {
      throw new IllegalArgumentException("writeQueueCapacity " + capacity + " < 1");
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.capacity = capacity;
    this.storeName = storeName;
    this.writer = writer;
    this.beforeTransaction = beforeTransaction;
    this.thread = Thread.ofPlatform().name("stepwise-" + storeName + "-writer").daemon(true).unstarted(this::run);
    thread.start();
  }

  public CompletableFuture<List<AppendOutcome>> submit(AppendBatch batch) {
    gate.readLock().lock();
    try {
      if (closed) {
        return CompletableFuture.failedFuture(new StoreUnavailableException("store is closed", null));
      }
      CompletableFuture<List<AppendOutcome>> future = new CompletableFuture<>();
      if (!queue.offer(new Pending(batch, future))) {
        return CompletableFuture.failedFuture(
            new StoreOverloadedException("write queue is full (" + capacity + " batches)"));
      }
      return future;
    } finally {
      gate.readLock().unlock();
    }
  }

  /**
   * Runs the task on the writer's thread after every batch queued before it and before any queued after it.
   * Fails at once with StoreOverloadedException when the queue is full.
   */
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> runExclusive(Task<T> task) {
    gate.readLock().lock();
    try {
      if (closed) {
        return CompletableFuture.failedFuture(new StoreUnavailableException("store is closed", null));
      }
      CompletableFuture<Object> done = new CompletableFuture<>();
      if (!queue.offer(new Pending(null, null, task, done))) {
        return CompletableFuture.failedFuture(
            new StoreOverloadedException("write queue is full (" + capacity + " batches)"));
      }
      return (CompletableFuture<T>) done;
    } finally {
      gate.readLock().unlock();
    }
  }

  /** Whether a batch submitted now would find room (it may not, a moment later). */
  public boolean hasRoom() {
    return queue.remainingCapacity() > 0;
  }

  public WriterStats stats() {
    return new WriterStats(queue.size(), transactionsCommitted.get(), batchesCommitted.get(), commitNanos.get(),
        failedTransactions.get());
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  /** Whether the last commit, task or idle work failed (a store outage, a full disk...). */
  public boolean writesFailing() {
    return writeHealth.failing();
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      group.clear();
      if (carried != null) {
        runTask(carried);
        carried = null;
        continue;
      }
      stopping = takeGroup(group);
      if (!group.isEmpty()) {
        commit(group);
      }
    }
    writer.close();
  }

  private void runTask(Pending pending) {
    try {
      Object result = pending.task().run();
      writeHealth.succeeded();
      pending.done().complete(result);
    } catch (EntityStateException refused) {
      // A refusal by the store's state (an entity missing, or in use) is the task's answer: the store wrote fine.
      writeHealth.succeeded();
      pending.done().completeExceptionally(refused);
    } catch (Throwable e) {
      writeHealth.failed(e);
      pending.done().completeExceptionally(e instanceof StoreUnavailableException ? e
          : new StoreUnavailableException("could not run a task on " + storeName + ": " + e, e));
    }
  }

  /** Blocks for the first batch, then takes what else is queued, up to the cap. True when STOP was taken. */
  private boolean takeGroup(List<Pending> group) {
    Pending next = takeOrIdle();
    int points = 0;
    while (next != null) {
      if (next == STOP) {
        return true;
      }
      if (next.task() != null) {
        if (group.isEmpty()) {
          runTask(next);
        } else {
          carried = next; // after the group gathered so far
        }
        return false;
      }
      group.add(next);
      points += next.batch().points().size();
      next = points < MAX_POINTS_PER_TRANSACTION ? queue.poll() : null;
    }
    return false;
  }

  /** Waits for the next batch, giving the writer its idle work whenever it asks for it meanwhile. */
  private Pending takeOrIdle() {
    while (true) {
      try {
        long delay = writer.idleDelayNanos();
        if (delay < 0) {
          return queue.take();
        }
        if (idleFailed) {
          delay = Math.max(delay, idleRetryAt - System.nanoTime());
        }
        Pending next = delay <= 0 ? queue.poll() : queue.poll(delay, TimeUnit.NANOSECONDS);
        if (next != null) {
          return next;
        }
        idle();
      } catch (InterruptedException e) {
        // Only close stops the writer (with STOP), so that queued batches are never dropped.
      }
    }
  }

  private void idle() {
    try {
      writer.idle();
      idleFailed = false;
      writeHealth.succeeded();
    } catch (Throwable e) {
      failedTransactions.incrementAndGet();
      LOG.debug("{} writer's idle work failed; it is tried again later", storeName, e);
      writeHealth.failed(e);
      idleFailed = true; // batches are still taken meanwhile
      idleRetryAt = System.nanoTime() + IDLE_RETRY_PAUSE_NANOS;
    }
  }

  /** Never lets a failure escape: a dead writer would leave every later append waiting forever. */
  private void commit(List<Pending> group) {
    List<List<AppendOutcome>> outcomes;
    long start = System.nanoTime();
    try {
      beforeTransaction.run();
      outcomes = writer.write(group.stream().map(Pending::batch).toList());
    } catch (Throwable e) {
      failedTransactions.incrementAndGet();
      // An outage fails every group until it ends: the outage log says so once, the trace is for debugging.
      LOG.debug("{} commit of {} batches failed; failing them", storeName, group.size(), e);
      writeHealth.failed(e);
      StoreUnavailableException failure =
          new StoreUnavailableException("could not commit to " + storeName + ": " + e, e);
      group.forEach(pending -> pending.future().completeExceptionally(failure));
      return;
    }
    writeHealth.succeeded();
    commitNanos.addAndGet(System.nanoTime() - start);
    transactionsCommitted.incrementAndGet();
    batchesCommitted.addAndGet(group.size());
    for (int i = 0; i < group.size(); i++) {
      group.get(i).future().complete(outcomes.get(i));
    }
  }

  /** Stops accepting, lets the writer commit what is queued, and waits for it to finish. */
  @Override
  public void close() {
    gate.writeLock().lock();
    boolean first;
    try {
      first = !closed;
      closed = true;
    } finally {
      gate.writeLock().unlock();
    }
    if (first) {
      putUninterruptibly(STOP);
    }
    joinUninterruptibly();
  }

  private void putUninterruptibly(Pending pending) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(pending);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void joinUninterruptibly() {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
