package dev.stepwise.store.sqlite;

import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.PointSink;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns rows of {@code point_block}, together with the snapshot's unfolded points ({@link UnfoldedPoints}), into the
 * point order {@link dev.stepwise.store.MetricStore} promises. A time scan gets the blocks by minute, so it sorts one
 * minute's points at a time; a step scan gets them by their smallest step and holds back the points that a later
 * block could still precede.
 */
final class BlockScans {
  private static final Comparator<StoredPoint> TIME_ORDER =
      Comparator.comparingLong(StoredPoint::timestampMs)
          .thenComparingInt(StoredPoint::step)
          .thenComparing(StoredPoint::value, Double::compare);

  private static final Comparator<StoredPoint> STEP_ORDER =
      Comparator.comparingInt(StoredPoint::step)
          .thenComparingLong(StoredPoint::timestampMs)
          .thenComparingLong(StoredPoint::sequence);

  private BlockScans() {}

  /**
   * Rows of (minute_ms, first_sequence, points) by minute; passes the points in [fromMs, toMs), those of the blocks
   * and the {@code unfolded} ones (all in that range) alike.
   */
  static void byTime(PreparedStatement statement, long fromMs, long toMs, List<StoredPoint> unfolded, PointSink sink)
      throws SQLException {
    List<StoredPoint> extra = new ArrayList<>(unfolded);
    extra.sort(TIME_ORDER);
    int next = 0; // extra before it are passed on, or in the minute being gathered
    List<StoredPoint> minute = new ArrayList<>();
    boolean gathering = false;
    long currentMinute = 0;
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        long minuteMs = rows.getLong(1);
        if (!gathering || minuteMs != currentMinute) {
          if (gathering) {
            next = gather(extra, next, currentMinute, minute);
            if (!emit(minute, TIME_ORDER, sink)) {
              return;
            }
          }
          for (; next < extra.size() && Minutes.minuteOf(extra.get(next).timestampMs()) < minuteMs; next++) {
            if (!pass(extra.get(next), sink)) {
              return; // a minute of unfolded points only: already in order
            }
          }
          currentMinute = minuteMs;
          gathering = true;
        }
        PointBlock.decode(minuteMs, rows.getLong(2), rows.getBytes(3), (timestampMs, step, value, sequence) -> {
          if (timestampMs >= fromMs && timestampMs < toMs) {
            minute.add(new StoredPoint(timestampMs, step, value, sequence));
          }
        });
      }
    }
    if (gathering) {
      next = gather(extra, next, currentMinute, minute);
      if (!emit(minute, TIME_ORDER, sink)) {
        return;
      }
    }
    for (; next < extra.size(); next++) {
      if (!pass(extra.get(next), sink)) {
        return;
      }
    }
  }

  /** Adds the extra points of the minute, from {@code next} on, to it; returns the index after them. */
  private static int gather(List<StoredPoint> extra, int next, long minuteMs, List<StoredPoint> minute) {
    while (next < extra.size() && Minutes.minuteOf(extra.get(next).timestampMs()) == minuteMs) {
      minute.add(extra.get(next++));
    }
    return next;
  }

  private static boolean pass(StoredPoint p, PointSink sink) {
    return sink.accept(p.timestampMs(), p.step(), p.value(), p.sequence());
  }

  /**
   * Rows of (minute_ms, first_sequence, points, min_step) by min_step; passes the points with a step in
   * [fromStep, toStep), those of the blocks and the {@code unfolded} ones (all in that range) alike. A point is
   * passed once no block still unread can hold one before it: every unread block's smallest step is at least the
   * current block's.
   *
   * <p>The points held back are kept as one list in step order, and each block's points (sorted, when they are not
   * already) are merged into it: where steps rise with time, as they do in training, every block's points follow
   * all those held, and the merge is an append.
   */
  static void byStep(PreparedStatement statement, long fromStep, long toStep, List<StoredPoint> unfolded,
      PointSink sink) throws SQLException {
    List<StoredPoint> held = new ArrayList<>(unfolded);
    held.sort(STEP_ORDER);
    int next = 0; // held before it are passed on
    List<StoredPoint> block = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        int blockMinStep = rows.getInt(4);
        for (; next < held.size() && held.get(next).step() < blockMinStep; next++) {
          if (!pass(held.get(next), sink)) {
            return;
          }
        }
        block.clear();
        PointBlock.decode(rows.getLong(1), rows.getLong(2), rows.getBytes(3), (timestampMs, step, value, sequence) -> {
          if (step >= 0 && step >= fromStep && step < toStep) {
            block.add(new StoredPoint(timestampMs, step, value, sequence));
          }
        });
        if (!isSorted(block, STEP_ORDER)) {
          block.sort(STEP_ORDER);
        }
        held = merged(held, next, block);
        next = 0;
      }
    }
    for (; next < held.size(); next++) {
      if (!pass(held.get(next), sink)) {
        return;
      }
    }
  }

  /** {@code a} from {@code from} on and {@code b}, both in step order, as one list in step order. */
  private static List<StoredPoint> merged(List<StoredPoint> a, int from, List<StoredPoint> b) {
    List<StoredPoint> out = new ArrayList<>(a.size() - from + b.size());
    int i = from;
    int j = 0;
    if (i < a.size() && !b.isEmpty() && STEP_ORDER.compare(a.getLast(), b.getFirst()) > 0) {
      while (i < a.size() && j < b.size()) {
        // Ties go to the held point: equal points never occur (a point is stored once), so the order is the same.
        out.add(STEP_ORDER.compare(a.get(i), b.get(j)) <= 0 ? a.get(i++) : b.get(j++));
      }
    }
    out.addAll(a.subList(i, a.size()));
    out.addAll(b.subList(j, b.size()));
    return out;
  }

  /** Sorts and passes the points, then clears the list; false when the sink stopped. */
  private static boolean emit(List<StoredPoint> points, Comparator<StoredPoint> order, PointSink sink) {
    if (!isSorted(points, order)) {
      points.sort(order);
    }
    for (StoredPoint p : points) {
      if (!sink.accept(p.timestampMs(), p.step(), p.value(), p.sequence())) {
        return false;
      }
    }
    points.clear();
    return true;
  }

  private static boolean isSorted(List<StoredPoint> points, Comparator<StoredPoint> order) {
    for (int i = 1; i < points.size(); i++) {
      if (order.compare(points.get(i - 1), points.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }
}
