package dev.stepwise.bench;

import dev.stepwise.bench.load.LoadResult;

/**
 * The ingest figures of one system, as the report shows them.
 *
 * @param verification what the read-back found, or why there was none
 */
public record IngestFigure(
    double pointsPerSecond, long requests, double p50Ms, double p99Ms, long errors, long retries, String verification) {

  public static IngestFigure of(LoadResult result, String verification) {
    return new IngestFigure(
        result.pointsPerSecond(), result.requests(), result.latencies().percentileMs(50),
        result.latencies().percentileMs(99), result.errors(), result.retries(), verification);
  }

  /** One line of text a child process prints, and {@link #parse} reads back. */
  public String toLine() {
    return pointsPerSecond + " " + requests + " " + p50Ms + " " + p99Ms + " " + errors + " " + retries;
  }

  public static IngestFigure parse(String line, String verification) {
    String[] f = line.strip().split(" ");
    return new IngestFigure(
        Double.parseDouble(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
        Long.parseLong(f[4]), Long.parseLong(f[5]), verification);
  }
}
