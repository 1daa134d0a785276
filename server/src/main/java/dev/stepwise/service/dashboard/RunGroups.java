package dev.stepwise.service.dashboard;

import dev.stepwise.aggregate.BucketedSeries;
import dev.stepwise.aggregate.Bucketing;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs grouped by parameters, each group one curve: every run's series of the metric is bucketed by the same engine
 * as {@code /series} and {@code BatchGetMetrics} ({@link Bucketing}), over one range, width and alignment for all,
 * and the group's curve is folded from those buckets ({@link GroupCurves}); no run's points leave the server.
 */
final class RunGroups {
  /** More runs than this are refused: the page should narrow its filter. */
  static final int MAX_RUNS = 1_000;

  /** Per parameter: numbers (by value) before texts (by code point), a missing value last. */
  static final Comparator<ParameterValue> VALUE_ORDER = (a, b) -> {
    if (a == null || b == null) {
      return Boolean.compare(a == null, b == null);
    }
    if (a.isNumber() != b.isNumber()) {
      return a.isNumber() ? -1 : 1;
    }
    return a.isNumber() ? Double.compare(a.numberValue(), b.numberValue()) : a.stringValue().compareTo(b.stringValue());
  };

  static final Comparator<List<ParameterValue>> KEY_ORDER = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = VALUE_ORDER.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  private final MetricStore store;

  RunGroups(MetricStore store) {
    this.store = store;
  }

  /** @param runs the runs to group, in the order their names are listed */
  GroupsView group(Partition partition, GroupsRequest request, List<TrialComponent> runs) {
    if (runs.size() > MAX_RUNS) {
      throw new IllegalArgumentException(runs.size() + " runs match, and at most " + MAX_RUNS
          + " are grouped at once: narrow the filter");
    }
    List<Run> series = new ArrayList<>(runs.size());
    for (TrialComponent run : runs) {
      SeriesKey key = new SeriesKey(partition.account(), partition.region(), run.key(), request.metric());
      series.add(new Run(run, key, store.summarize(key)));
    }
    long[] range = range(request, series);
    long from = range[0];
    long to = range[1];
    long span;
    try {
      span = Math.subtractExact(to, from);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("the range from " + from + " to " + to + " is too wide");
    }
    long width = span > 0 ? Math.max(1, -Math.floorDiv(-span, (long) request.buckets())) : 1;
    long firstStart = Math.floorDiv(from, width) * width;
    // Alignment may cut the range into one bucket more than it holds widths.
    int slots = from < to ? (int) ((to - 1 - firstStart) / width) + 1 : 0;

    Map<List<ParameterValue>, List<Run>> byKey = new TreeMap<>(KEY_ORDER);
    for (Run run : series) {
      List<ParameterValue> key = new ArrayList<>(request.groupBy().size());
      request.groupBy().forEach(name -> key.add(run.component().parameters().get(name)));
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
    }
    List<GroupView> groups = new ArrayList<>(byKey.size());
    byKey.forEach((key, members) -> {
      GroupCurves curves = new GroupCurves(firstStart, width, slots);
      for (Run run : members) {
        if (slots > 0 && run.summary().isPresent()) {
          curves.add(buckets(request.axis(), run, from, to, width, slots).buckets());
        }
      }
      groups.add(new GroupView(key, members.stream().map(r -> r.component().name()).toList(),
          slots > 0 ? curves.curve() : GroupCurve.EMPTY));
    });
    return new GroupsView(request.metric(), request.axis(), request.groupBy(), from, to, width, groups);
  }

  private record Run(TrialComponent component, SeriesKey key, Optional<SeriesSummary> summary) {}

  private BucketedSeries buckets(GroupAxis axis, Run run, long from, long to, long width, int slots) {
    return axis == GroupAxis.STEP
        ? Bucketing.byStep(store, run.key(), from, to, width, slots)
        : Bucketing.byTimeSince(store, run.key(), run.summary().orElseThrow().firstTimestampMs(), from, to, width,
            slots);
  }

  /** The request's range, its open ends filled with the union of the runs' extents ({@code [0, 0)} for none). */
  private static long[] range(GroupsRequest request, List<Run> runs) {
    long first = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (Run run : runs) {
      if (run.summary().isEmpty()) {
        continue;
      }
      SeriesSummary s = run.summary().get();
      if (request.axis() == GroupAxis.RELATIVE) {
        first = Math.min(first, 0);
        end = Math.max(end, s.lastTimestampMs() - s.firstTimestampMs() + 1);
      } else if (s.hasSteps()) {
        first = Math.min(first, s.minStep());
        end = Math.max(end, s.maxStep() + 1L);
      }
    }
    boolean none = first == Long.MAX_VALUE;
    long from = request.from() != null ? request.from() : none ? 0 : first;
    long to = request.to() != null ? request.to() : none ? from : end;
    return new long[] {from, Math.max(from, to)};
  }
}
