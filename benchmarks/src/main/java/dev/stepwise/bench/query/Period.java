package dev.stepwise.bench.query;

/** A bucket period as Stepwise's {@code Period} spells it, and InfluxQL's {@code GROUP BY time(...)} for it. */
public enum Period {
  OneMinute("1m"),
  OneHour("1h"),
  /** One bucket per step, on the step axis; InfluxQL has no equivalent grouping. */
  IterationNumber(null);

  private final String influxInterval;

  Period(String influxInterval) {
    this.influxInterval = influxInterval;
  }

  public String influxInterval() {
    return influxInterval;
  }
}
