package dev.stepwise.store.postgres;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.OutageLog;
import dev.stepwise.store.WriterStats;
import dev.stepwise.store.groupcommit.BatchWriter;
import dev.stepwise.store.groupcommit.WriteQueue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * This node's group-commit writers: several lanes, each a {@link WriteQueue} with its own thread and its own
 * transactions, so that one lane's round trips and commit wait overlap with the others' and PostgreSQL flushes
 * several lanes' commits with one WAL fsync (its own group commit). One writer thread per node spends most of a
 * group waiting for the database; several nodes were already writing side by side, and lanes are the same thing
 * inside one node, settled by the same per-trial-component advisory locks.
 *
 * <p>A trial component always goes to the same lane (chosen by its name in lower case, as entity names compare), so
 * that its appends and its deletion keep the order they were queued in on this node, as with one writer.
 */
final class WriterLanes implements AutoCloseable {
  /**
   * Four: on two cores more lanes measured no better (see docs/benchmarks.md), and each lane is a connection of the
   * writing pool.
   */
  static final int LANES = 4;

  private final WriteQueue[] lanes;

  /**
   * @param capacity the batches each lane queues at most: a single busy trial component (which has one lane) finds
   *     the room it found with one writer, and the node still holds at most {@code lanes * capacity}
   */
  WriterLanes(int lanes, BatchWriter writer, int capacity, OutageLog writeHealth) {
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes " + lanes + " < 1");
    }
    this.lanes = new WriteQueue[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new WriteQueue("postgres-" + (i + 1), writer, capacity, () -> {}, writeHealth);
    }
  }

  CompletableFuture<List<AppendOutcome>> submit(AppendBatch batch) {
    return lane(batch.account(), batch.region(), batch.trialComponent()).submit(batch);
  }

  /** Runs the task on the trial component's lane, ordered with the appends to it queued around it. */
  <T> CompletableFuture<T> runExclusive(String account, String region, String trialComponent, WriteQueue.Task<T> task) {
    return lane(account, region, trialComponent).runExclusive(task);
  }

  /** A lane for work that concerns no trial component (a readiness probe's small write). */
  WriteQueue first() {
    return lanes[0];
  }

  private WriteQueue lane(String account, String region, String trialComponent) {
    return lanes[index(account, region, trialComponent, lanes.length)];
  }

  /** The lane of a trial component among {@code lanes}. */
  static int index(String account, String region, String trialComponent, int lanes) {
    long key = TrialComponentLocks.key(account, region, trialComponent.toLowerCase(Locale.ROOT));
    return (int) Math.floorMod(key, (long) lanes);
  }

  /** Whether some lane has room: a full lane refuses its own batches when they are submitted. */
  boolean hasRoom() {
    return Arrays.stream(lanes).anyMatch(WriteQueue::hasRoom);
  }

  boolean isRunning() {
    return Arrays.stream(lanes).allMatch(WriteQueue::isRunning);
  }

  /** The lanes' figures added up. */
  WriterStats stats() {
    long queued = 0;
    long transactions = 0;
    long batches = 0;
    long commitNanos = 0;
    long failed = 0;
    for (WriteQueue lane : lanes) {
      WriterStats s = lane.stats();
      queued += s.queued();
      transactions += s.transactions();
      batches += s.batches();
      commitNanos += s.commitNanos();
      failed += s.failedTransactions();
    }
    return new WriterStats(queued, transactions, batches, commitNanos, failed);
  }

  /** Every lane commits what it has queued, then stops. */
  @Override
  public void close() {
    for (WriteQueue lane : lanes) {
      lane.close();
    }
  }
}
