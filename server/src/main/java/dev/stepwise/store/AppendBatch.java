package dev.stepwise.store;

import java.util.List;
import java.util.Objects;

/**
 * The valid points of one request, all for one trial component.
 *
 * @param receivedMs when the request arrived, by the server's clock: the creation time of the trial component when
 *     these are its first points
 */
public record AppendBatch(
    String account, String region, String trialComponent, List<NewPoint> points, long receivedMs) {
  public AppendBatch {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(trialComponent, "trialComponent");
    points = List.copyOf(points);
  }

  /** A batch received now by the system clock: for tests and tools that do not care when. */
  public AppendBatch(String account, String region, String trialComponent, List<NewPoint> points) {
    this(account, region, trialComponent, points, System.currentTimeMillis());
  }

  public SeriesKey series(NewPoint point) {
    return new SeriesKey(account, region, trialComponent, point.metricName());
  }

  public Partition partition() {
    return new Partition(account, region);
  }
}
