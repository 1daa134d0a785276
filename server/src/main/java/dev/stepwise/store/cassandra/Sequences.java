package dev.stepwise.store.cassandra;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out point sequences: increasing within a series-day partition (after its last, so that {@code Last} breaks
 * ties by arrival), increasing across this node's appends, and following the clock across partitions. The low 12
 * bits are this node's random id, so that two nodes never hand out the same sequence.
 */
final class Sequences {
  private static final int NODE_BITS = 12;

  private final Clock clock;
  private final long node = new SecureRandom().nextInt(1 << NODE_BITS);
  private final AtomicLong lastIssued = new AtomicLong();

  Sequences(Clock clock) {
    this.clock = clock;
  }

  /** The first of {@code count} consecutive sequences, all greater than {@code after}; step with {@link #next}. */
  long first(long after, int count) {
    long fromClock = clock.millis() * 128;
    long from = Math.max((after >> NODE_BITS) + 1, fromClock);
    long start = lastIssued.accumulateAndGet(0, (last, ignored) -> Math.max(last + 1, from) + count - 1) - count + 1;
    return (start << NODE_BITS) | node;
  }

  static long next(long sequence) {
    return sequence + (1L << NODE_BITS);
  }
}
