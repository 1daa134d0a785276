package dev.stepwise.bench.query;

/** A statistic as Stepwise's {@code MetricStat} spells it and as InfluxQL's function. */
public enum Stat {
  Avg("MEAN"),
  Min("MIN"),
  Max("MAX"),
  Count("COUNT"),
  StdDev("STDDEV"),
  Last("LAST");

  private final String influxFunction;

  Stat(String influxFunction) {
    this.influxFunction = influxFunction;
  }

  public String influxFunction() {
    return influxFunction;
  }
}
