package dev.stepwise.store;

import java.util.List;
import java.util.Objects;

/** The valid points of one request, all for one trial component. */
public record AppendBatch(String account, String region, String trialComponent, List<NewPoint> points) {
  public AppendBatch {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(trialComponent, "trialComponent");
    points = List.copyOf(points);
  }

  public SeriesKey series(NewPoint point) {
    return new SeriesKey(account, region, trialComponent, point.metricName());
  }
}
