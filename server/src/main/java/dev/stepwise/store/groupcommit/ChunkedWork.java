package dev.stepwise.store.groupcommit;

import dev.stepwise.store.StoreOverloadedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Long work (retention) run in chunks on a {@link WriteQueue}'s writer, each a task of its own queued behind whatever
 * was queued meanwhile, so that appends go in between and no chunk holds them up for long.
 */
public final class ChunkedWork {
  /** How long a chunk refused for a full queue waits before it is queued again. */
  private static final long RETRY_MILLIS = 100;

  /** What one chunk did: how much, and whether that was the last of the work. */
  public record Chunk(long done, boolean finished) {}

  private ChunkedWork() {}

  /**
   * Queues the chunk again and again until one says it finished; completes with the sum of their counts, or with the
   * first failure. A chunk refused for a full queue is queued again a moment later: background work waits for room
   * rather than failing.
   */
  public static CompletableFuture<Long> run(WriteQueue queue, WriteQueue.Task<Chunk> chunk) {
    CompletableFuture<Long> total = new CompletableFuture<>();
    next(queue, chunk, 0, total);
    return total;
  }

  private static void next(WriteQueue queue, WriteQueue.Task<Chunk> chunk, long doneSoFar,
      CompletableFuture<Long> total) {
    queue.runExclusive(chunk).whenComplete((done, failure) -> {
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      if (cause == null) {
        if (done.finished()) {
          total.complete(doneSoFar + done.done());
        } else {
          next(queue, chunk, doneSoFar + done.done(), total);
        }
      } else if (cause instanceof StoreOverloadedException) {
        CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS)
            .execute(() -> next(queue, chunk, doneSoFar, total));
      } else {
        total.completeExceptionally(cause);
      }
    });
  }
}
