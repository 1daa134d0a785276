package dev.stepwise.service.dashboard;

import java.util.List;

/** One trial component as the dashboard lists it: its metrics, and totals over them. */
public record TrialComponentView(
    String name, long pointCount, long firstTimestampMs, long lastTimestampMs, List<MetricView> metrics) {
  public TrialComponentView {
    metrics = List.copyOf(metrics);
  }

  static TrialComponentView of(String name, List<MetricView> metrics) {
    return new TrialComponentView(
        name,
        metrics.stream().mapToLong(MetricView::pointCount).sum(),
        metrics.stream().mapToLong(MetricView::firstTimestampMs).min().orElseThrow(),
        metrics.stream().mapToLong(MetricView::lastTimestampMs).max().orElseThrow(),
        metrics);
  }
}
