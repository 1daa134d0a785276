package dev.stepwise.bench.process;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Samples a {@link ProcessCpu} at the start and at the end of a load's measured window (which begins {@code warmUp}
 * after {@link #start} and lasts {@code measured}), on a thread of its own, so the load generator need not know.
 */
public final class CpuWindow {
  private final CompletableFuture<Double> seconds = new CompletableFuture<>();

  private CpuWindow() {}

  /** Starts timing now: call it just before the load starts. A null source measures nothing (NaN). */
  public static CpuWindow start(ProcessCpu source, Duration warmUp, Duration measured) {
    CpuWindow window = new CpuWindow();
    if (source == null) {
      window.seconds.complete(Double.NaN);
      return window;
    }
    long begin = System.nanoTime() + warmUp.toNanos();
    long end = begin + measured.toNanos();
    Thread.ofPlatform().name("cpu-window").daemon(true).start(() -> {
      try {
        sleepUntil(begin);
        double before = source.seconds();
        sleepUntil(end);
        window.seconds.complete(source.seconds() - before);
      } catch (RuntimeException | InterruptedException e) {
        window.seconds.completeExceptionally(e);
      }
    });
    return window;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(Duration.ofNanos(left));
    }
  }

  /** The CPU seconds used within the window; waits for its end. */
  public double seconds() {
    return seconds.join();
  }
}
