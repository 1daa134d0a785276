package dev.stepwise.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The batches of one client: consecutive steps {@code [fromStep, toStep)} of one trial component, step n at
 * {@code originMs + floor(n * spacingMs)}, so timestamps and steps are unique as long as the spacing is at least 1 ms.
 * Not thread-safe: one per client.
 */
public final class SeriesBatches {
  private final String trialComponent;
  private final long originMs;
  private final double spacingMs;
  private final int toStep;
  private final int batchSize;
  private int nextStep;

  public SeriesBatches(
      String trialComponent, long originMs, double spacingMs, int fromStep, int toStep, int batchSize) {
    if (spacingMs < 1) {
      throw new IllegalArgumentException("spacingMs " + spacingMs + " < 1 would repeat timestamps");
    }
    this.trialComponent = trialComponent;
    this.originMs = originMs;
    this.spacingMs = spacingMs;
    this.nextStep = fromStep;
    this.toStep = toStep;
    this.batchSize = batchSize;
  }

  /** Steps from {@code fromStep} on, without end: for runs that stop on time. */
  public static SeriesBatches endless(String trialComponent, long originMs, int batchSize) {
    return new SeriesBatches(trialComponent, originMs, 1, 0, Integer.MAX_VALUE, batchSize);
  }

  public String trialComponent() {
    return trialComponent;
  }

  /** The next batch, or null when every step has been handed out. */
  public Batch next() {
    if (nextStep >= toStep) {
      return null;
    }
    int end = (int) Math.min((long) nextStep + batchSize, toStep);
    List<Point> points = new ArrayList<>(end - nextStep);
    for (int step = nextStep; step < end; step++) {
      points.add(new Point(originMs + (long) Math.floor(step * spacingMs), step, valueAt(step)));
    }
    nextStep = end;
    return new Batch(trialComponent, points);
  }

  /** A falling training loss with some wiggle, so that every statistic has something to compute. */
  static double valueAt(int step) {
    return 2.0 / (1 + step / 10_000.0) + 0.05 * Math.sin(step * 0.37);
  }
}
