package dev.stepwise.service.dashboard;

/** Receives the stored points of an export, one at a time. */
@FunctionalInterface
public interface RawPointConsumer {
  /** @param step null when the point has none */
  void accept(long timestampMs, Integer step, double value);
}
