package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.stepwise.store.MinuteRanges;
import dev.stepwise.store.MinuteSink;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.PointSink;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.jdbc.MinuteStatsCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What a query reads of a series: its days' points, kept minutes and summaries. */
final class SeriesReads {
  private record Point(long timestampMs, int step, double value, long seq) {}

  private final CqlSession session;
  private final Statements statements;

  SeriesReads(CqlSession session, Statements statements) {
    this.session = session;
    this.statements = statements;
  }

  /** The series' days, ascending. */
  List<Long> days(SeriesKey series) {
    List<Long> days = new ArrayList<>();
    for (Row row : session.execute(statements.seriesDays.bind(
        series.account(), series.region(), series.trialComponent(), series.metricName()))) {
      days.add(row.getLong("day"));
    }
    return days;
  }

  /** {@link #days(SeriesKey)}, without waiting. */
  java.util.concurrent.CompletableFuture<List<Long>> daysAsync(SeriesKey series) {
    return session.executeAsync(statements.seriesDays.bind(
        series.account(), series.region(), series.trialComponent(), series.metricName()))
        .toCompletableFuture()
        .thenApply(first -> AsyncPages.all(first).stream().map(row -> row.getLong("day")).toList());
  }

  /** The days holding some of {@code [fromMs, toMs)}, ascending; none when the range is empty. */
  private List<Long> days(SeriesKey series, long fromMs, long toMs) {
    if (fromMs >= toMs) {
      return List.of();
    }
    long first = DayKey.dayOf(fromMs);
    long last = DayKey.dayOf(toMs - 1);
    return days(series).stream().filter(d -> d >= first && d <= last).toList();
  }

  /** Points by timestamp, step, value: the clustering order of a day, and days ascend. */
  void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) {
    for (long day : days(series, fromMs, toMs)) {
      DayKey key = new DayKey(series, day);
      long from = Math.max(fromMs, key.startMs());
      long to = Math.min(toMs, key.endMs());
      for (Row row : session.execute(statements.dayPointsBetween.bind(key.bindings(from, to)))) {
        if (!sink.accept(row.getLong("t"), row.getInt("step"), row.getDouble("value"), row.getLong("seq"))) {
          return;
        }
      }
    }
  }

  /**
   * Points by step, then timestamp: there is no index by step, so every day of the series is read and sorted here
   * (a series' points are bounded by the points-per-metric limit).
   */
  void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) {
    List<Point> selected = new ArrayList<>();
    scanByTime(series, Long.MIN_VALUE, Long.MAX_VALUE, (t, step, value, seq) -> {
      if (step != NewPoint.NO_STEP && step >= fromStep && step < toStep) {
        selected.add(new Point(t, step, value, seq));
      }
      return true;
    });
    selected.sort(Comparator.comparingInt(Point::step).thenComparingLong(Point::timestampMs)
        .thenComparingLong(Point::seq));
    for (Point p : selected) {
      if (!sink.accept(p.timestampMs(), p.step(), p.value(), p.seq())) {
        return;
      }
    }
  }

  /** Whole minutes from the kept aggregates, cut minutes folded from their points ({@link MinuteRanges}). */
  void scanMinutes(SeriesKey series, long fromMs, long toMs, MinuteSink sink) {
    MinuteRanges.scan(fromMs, toMs, sink, (fromMinute, toMinute, minutes) -> {
      for (long day : days(series, fromMinute, toMinute)) {
        DayKey key = new DayKey(series, day);
        long from = Math.max(fromMinute, key.startMs());
        long to = Math.min(toMinute, key.endMs());
        for (Row row : session.execute(statements.dayMinutesBetween.bind(key.bindings(from, to)))) {
          byte[] stats = DayAppender.bytes(row.getByteBuffer("stats"));
          if (!minutes.accept(row.getLong("t"), MinuteStatsCodec.decode(stats))) {
            return false;
          }
        }
      }
      return true;
    }, (from, to, points) -> scanByTime(series, from, to, points));
  }

  /** The statics of each of the series' days. */
  List<DayStatics> statics(SeriesKey series) {
    List<DayStatics> result = new ArrayList<>();
    for (long day : days(series)) {
      result.add(DayStatics.of(session.execute(statements.dayStaticsPlain.bind(
          new DayKey(series, day).bindings())).one()));
    }
    return result;
  }

  /** Folds the days' statics into the series' summary; empty when no day holds a point. */
  Optional<SeriesSummary> summarize(SeriesKey series) {
    long count = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int minStep = NewPoint.NO_STEP;
    int maxStep = NewPoint.NO_STEP;
    double lastValue = Double.NaN;
    for (DayStatics day : statics(series)) {
      if (day.count() == 0) {
        continue;
      }
      count += day.count();
      first = Math.min(first, day.firstMs());
      if (day.lastMs() >= last) { // days ascend: a later day's last point is the later one
        last = day.lastMs();
        lastValue = day.lastValue();
      }
      if (day.minStep() != NewPoint.NO_STEP) {
        minStep = minStep == NewPoint.NO_STEP ? day.minStep() : Math.min(minStep, day.minStep());
      }
      maxStep = Math.max(maxStep, day.maxStep());
    }
    return count == 0 ? Optional.empty() : Optional.of(new SeriesSummary(
        series.trialComponent(), series.metricName(), count, first, last, minStep, maxStep, lastValue));
  }
}
