package dev.stepwise.bench.query;

import java.util.List;

/**
 * One measured call: the same queries, one per trial component, asked of every system.
 *
 * @param start inclusive, epoch milliseconds on the time axis, a step for {@link Period#IterationNumber}
 * @param end exclusive, likewise
 * @param influxNote how the InfluxDB query differs, when it cannot be the same (empty otherwise)
 */
public record QueryCase(
    String label, Stat stat, Period period, List<String> trialComponents, long start, long end, String influxNote) {
  public QueryCase {
    trialComponents = List.copyOf(trialComponents);
  }
}
