package dev.stepwise.store;

import java.util.Objects;

/** One metric of one trial component, in one account and region: the unit a query reads. */
public record SeriesKey(String account, String region, String trialComponent, String metricName) {
  public SeriesKey {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(trialComponent, "trialComponent");
    Objects.requireNonNull(metricName, "metricName");
  }

  /** For messages and logs: a metric name may hold control characters, shown escaped. */
  @Override
  public String toString() {
    return "SeriesKey[" + account + ", " + region + ", " + trialComponent + ", " + Printable.escape(metricName) + "]";
  }
}
