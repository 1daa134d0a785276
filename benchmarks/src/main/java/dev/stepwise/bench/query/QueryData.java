package dev.stepwise.bench.query;

import dev.stepwise.bench.load.SeriesBatches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The data the queries read: one long series ({@code seriesPoints} steps spread evenly over 24 hours, e.g.
 * 1,000,000 points 86.4 ms apart) and {@code overlaySeries} shorter series over the same day, and the cases asked of
 * them. The day starts on an hour boundary that ends at least an hour ago, so that every timestamp is accepted and
 * the minute and hour buckets are whole.
 */
public record QueryData(String prefix, int seriesPoints, int overlaySeries, int overlayPoints, long originMs) {
  public static final Duration DAY = Duration.ofHours(24);
  private static final int STEPS_PER_CHUNK = 10_000;
  public static final int ITERATION_STEPS = 20_000;

  public static QueryData create(String prefix, int seriesPoints, int overlaySeries, int overlayPoints) {
    long hour = Duration.ofHours(1).toMillis();
    long origin = (System.currentTimeMillis() - DAY.toMillis() - hour) / hour * hour - hour;
    return new QueryData(prefix, seriesPoints, overlaySeries, overlayPoints, origin);
  }

  public String series() {
    return prefix + "-series";
  }

  public List<String> overlays() {
    return IntStream.range(0, overlaySeries).mapToObj(i -> String.format("%s-overlay-%03d", prefix, i)).toList();
  }

  public long endMs() {
    return originMs + DAY.toMillis();
  }

  public long totalPoints() {
    return seriesPoints + (long) overlaySeries * overlayPoints;
  }

  /** Every point, in chunks of consecutive steps that concurrent clients can take in any order. */
  public List<SeriesBatches> batches(int batchSize) {
    List<SeriesBatches> chunks = new ArrayList<>();
    addChunks(chunks, series(), seriesPoints, batchSize);
    for (String overlay : overlays()) {
      addChunks(chunks, overlay, overlayPoints, batchSize);
    }
    return chunks;
  }

  private void addChunks(List<SeriesBatches> chunks, String tc, int points, int batchSize) {
    double spacing = (double) DAY.toMillis() / points;
    for (int from = 0; from < points; from += STEPS_PER_CHUNK) {
      chunks.add(new SeriesBatches(tc, originMs, spacing, from, Math.min(points, from + STEPS_PER_CHUNK), batchSize));
    }
  }

  /** The measured queries, each asked of every system. */
  public List<QueryCase> cases() {
    List<String> one = List.of(series());
    String full = String.format("%,d points, 24 h", seriesPoints);
    List<QueryCase> cases = new ArrayList<>();
    for (Stat stat : List.of(Stat.Avg, Stat.Min, Stat.Max, Stat.Count, Stat.Last)) {
      cases.add(new QueryCase(
          "OneMinute " + stat + " over " + full + " (1,440 buckets)", stat, Period.OneMinute, one, originMs, endMs(),
          ""));
    }
    cases.add(new QueryCase(
        "OneHour StdDev over " + full + " (24 buckets)", Stat.StdDev, Period.OneHour, one, originMs, endMs(), ""));
    cases.add(new QueryCase(
        String.format("IterationNumber Last, steps 0..%,d", ITERATION_STEPS - 1), Stat.Last, Period.IterationNumber,
        one, 0, ITERATION_STEPS,
        "InfluxQL cannot group by a field: `SELECT value ... WHERE step < 20000` returns the raw points, the closest"
            + " equivalent"));
    cases.add(new QueryCase(
        String.format("%d queries in one call, OneMinute Avg, %d series of %,d points", overlaySeries,
            overlaySeries, overlayPoints),
        Stat.Avg, Period.OneMinute, overlays(), originMs, endMs(),
        "the " + overlaySeries + " statements joined with `;` in one request"));
    return cases;
  }
}
