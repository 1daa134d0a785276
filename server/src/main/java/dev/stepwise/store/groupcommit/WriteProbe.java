package dev.stepwise.store.groupcommit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a store can write, for readiness probes. While its writes succeed, it can; once one failed, a small write
 * runs through the writer (queued like any task) and must succeed. A probe that outlasts a readiness check is not
 * queued again by the next check, which waits for the same one: probes never pile up in the queue.
 */
public final class WriteProbe {
  private final WriteQueue writes;
  private final WriteQueue.Task<?> write;
  private CompletableFuture<?> inFlight;

  /** @param write the small write, run on the writer's thread */
  public WriteProbe(WriteQueue writes, WriteQueue.Task<?> write) {
    this.writes = writes;
    this.write = write;
  }

  /**
   * True when writes have not failed since the last success, or when the probe write succeeds within the timeout.
   * Its failure is reported by the queue, like any task's.
   */
  public boolean canWrite(long timeoutSeconds) {
    if (!writes.writesFailing()) {
      return true;
    }
    CompletableFuture<?> probe = current();
    try {
      probe.get(timeoutSeconds, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private synchronized CompletableFuture<?> current() {
    if (inFlight == null || inFlight.isDone()) {
      inFlight = writes.runExclusive(write);
    }
    return inFlight;
  }
}
