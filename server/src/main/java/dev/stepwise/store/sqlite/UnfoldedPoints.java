package dev.stepwise.store.sqlite;

import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.SeriesKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The points of the write groups committed to {@code point_log} and not yet folded into blocks, kept minutes and
 * series rows: what a reader adds to what its snapshot's tables hold. Immutable; the writer publishes a new one
 * after each commit and each fold, and readers take whichever is current.
 *
 * <p>A reader takes this view before it begins its read transaction, so every group in it is in the snapshot; the
 * snapshot's {@code folded_through} then says which of them its tables already hold (a fold may have committed in
 * between). Groups committed after the view was taken are in neither, which is allowed: they were not yet
 * acknowledged when the read began.
 */
final class UnfoldedPoints {
  static final UnfoldedPoints NONE = new UnfoldedPoints(List.of(), 0, Long.MIN_VALUE, 0);

  /** One committed group's stored points by series, each series' in sequence order. */
  record Group(long id, Map<SeriesKey, List<StoredPoint>> points) {
    int pointCount() {
      int n = 0;
      for (List<StoredPoint> series : points.values()) {
        n += series.size();
      }
      return n;
    }
  }

  private final List<Group> groups;
  private final int pointCount;
  private final long maxSequence;
  private final long firstAddedNanos;

  private UnfoldedPoints(List<Group> groups, int pointCount, long maxSequence, long firstAddedNanos) {
    this.groups = groups;
    this.pointCount = pointCount;
    this.maxSequence = maxSequence;
    this.firstAddedNanos = firstAddedNanos;
  }

  /** This view with one more group, committed after every group in it, at {@code nowNanos}. */
  UnfoldedPoints plus(Group group, long nowNanos) {
    if (!groups.isEmpty() && group.id() <= lastGroupId()) {
      throw new IllegalArgumentException("group " + group.id() + " after group " + lastGroupId());
    }
    List<Group> more = new ArrayList<>(groups.size() + 1);
    more.addAll(groups);
    more.add(group);
    long max = maxSequence;
    for (List<StoredPoint> series : group.points().values()) {
      max = Math.max(max, series.getLast().sequence());
    }
    return new UnfoldedPoints(
        List.copyOf(more), pointCount + group.pointCount(), max, groups.isEmpty() ? nowNanos : firstAddedNanos);
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }

  int pointCount() {
    return pointCount;
  }

  int groupCount() {
    return groups.size();
  }

  /** The id of the newest group; only when not empty. */
  long lastGroupId() {
    return groups.getLast().id();
  }

  /** The greatest sequence of any point here, or {@link Long#MIN_VALUE} when empty. */
  long maxSequence() {
    return maxSequence;
  }

  /** {@link System#nanoTime} when the oldest group here was added; only when not empty. */
  long firstAddedNanos() {
    return firstAddedNanos;
  }

  /** The series' points in the groups after {@code foldedThrough}, in sequence order. */
  List<StoredPoint> points(SeriesKey series, long foldedThrough) {
    List<StoredPoint> points = new ArrayList<>();
    for (int i = firstAfter(foldedThrough); i < groups.size(); i++) {
      List<StoredPoint> some = groups.get(i).points().get(series);
      if (some != null) {
        points.addAll(some);
      }
    }
    return points;
  }

  /** Every series' points in the groups after {@code foldedThrough}, in sequence order, series in first-seen order. */
  Map<SeriesKey, List<StoredPoint>> bySeries(long foldedThrough) {
    Map<SeriesKey, List<StoredPoint>> all = new LinkedHashMap<>();
    for (int i = firstAfter(foldedThrough); i < groups.size(); i++) {
      groups.get(i).points().forEach((series, some) -> all.computeIfAbsent(series, k -> new ArrayList<>()).addAll(some));
    }
    return all;
  }

  /** The index of the first group with an id greater than {@code foldedThrough}. */
  private int firstAfter(long foldedThrough) {
    int low = 0;
    int high = groups.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (groups.get(mid).id() <= foldedThrough) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
