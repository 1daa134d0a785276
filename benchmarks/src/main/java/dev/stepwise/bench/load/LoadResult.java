package dev.stepwise.bench.load;

import java.time.Duration;
import java.util.Map;

/**
 * What a load run measured in its window, and what it wrote in all (warm-up included) for the verification.
 *
 * @param acknowledgedPoints points acknowledged in the measured window
 * @param errors requests refused or failed (connection errors included)
 * @param retries requests the system asked to repeat (429/503), all retried
 * @param acknowledgedByTrialComponent every acknowledged point of the run, by trial component
 * @param uncertainByTrialComponent points whose request failed on the connection: stored or not, nobody knows
 */
public record LoadResult(
    Duration measured,
    long acknowledgedPoints,
    long requests,
    long errors,
    long retries,
    Latencies latencies,
    Map<String, Long> acknowledgedByTrialComponent,
    Map<String, Long> uncertainByTrialComponent) {

  public double pointsPerSecond() {
    return acknowledgedPoints / (measured.toNanos() / 1e9);
  }

  public long totalAcknowledged() {
    return acknowledgedByTrialComponent.values().stream().mapToLong(Long::longValue).sum();
  }

  public String summary() {
    return String.format(
        "%,.0f points/s, %,d requests, p50 %.2f ms, p99 %.2f ms, %d errors, %d retries",
        pointsPerSecond(), requests, latencies.percentileMs(50), latencies.percentileMs(99), errors, retries);
  }
}
