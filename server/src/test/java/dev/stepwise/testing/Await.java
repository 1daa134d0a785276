package dev.stepwise.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that another thread or process makes true, failing with its description when it does not. */
public final class Await {
  private static final long POLL_MILLIS = 20;

  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      try {
        Thread.sleep(POLL_MILLIS); // polling a condition, not timing one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }
}
