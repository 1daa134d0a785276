package dev.stepwise.store.cassandra;

import java.util.concurrent.ThreadLocalRandom;

/** Waits a little, at random, before a lightweight transaction that lost a race tries again. */
final class Contention {
  private Contention() {}

  static void backOff(int attempt) {
    long maxMs = Math.min(200, 5L << Math.min(attempt, 5));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, maxMs + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.stepwise.store.StoreUnavailableException("interrupted", e);
    }
  }
}
