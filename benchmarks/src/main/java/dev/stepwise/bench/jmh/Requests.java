package dev.stepwise.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Request bodies as the AWS SDK for Java v2 writes them (client-wire-notes.md, section 3): compact JSON, members in
 * model order, timestamps in epoch seconds with exactly three decimals, values as Java prints doubles.
 */
final class Requests {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";
  static final String TRIAL_COMPONENT = "tc-example-1";
  static final String ARN = "arn:aws:sagemaker:" + REGION + ":" + ACCOUNT + ":experiment-trial-component/";

  /** When the benchmarked requests were signed; point timestamps lie just before it. */
  static final Instant SIGNED_AT = Instant.parse("2026-11-22T18:22:39Z");

  private static final String[] STATS = {"Min", "Max", "Avg", "Count", "StdDev", "Last"};

  private Requests() {}

  /** A {@code BatchPutMetrics} body of {@code points} points of two metrics, one second apart. */
  static byte[] putBody(int points) {
    StringBuilder json = new StringBuilder("{\"TrialComponentName\":\"" + TRIAL_COMPONENT + "\",\"MetricData\":[");
    long firstMs = SIGNED_AT.toEpochMilli() - points * 1_000L;
    for (int i = 0; i < points; i++) {
      long ms = firstMs + i * 1_000L + 123;
      json.append(i == 0 ? "" : ",")
          .append("{\"MetricName\":\"")
          .append(i % 2 == 0 ? "train:loss" : "train:accuracy")
          .append("\",\"Timestamp\":")
          .append(String.format(Locale.ROOT, "%d.%03d", ms / 1_000, ms % 1_000))
          .append(",\"Step\":")
          .append(i / 2)
          .append(",\"Value\":")
          .append(1.0 / (i + 3))
          .append('}');
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A {@code BatchGetMetrics} body of {@code queries} queries over 10 trial components and as many metrics, every
   * statistic, time periods on the time axis and iteration buckets on both axes, half of them over the last day.
   */
  static byte[] getBody(int queries) {
    StringBuilder json = new StringBuilder("{\"MetricQueries\":[");
    long endMs = SIGNED_AT.toEpochMilli(); // Start and End are epoch milliseconds (docs/api.md)
    for (int i = 0; i < queries; i++) {
      String period = switch (i % 4) {
        case 0 -> "OneMinute";
        case 1 -> "FiveMinute";
        case 2 -> "OneHour";
        default -> "IterationNumber";
      };
      String axis = i % 4 == 3 && i % 8 == 3 ? "IterationNumber" : "Timestamp";
      json.append(i == 0 ? "" : ",")
          .append("{\"MetricName\":\"metric-").append(i / 10)
          .append("\",\"ResourceArn\":\"").append(ARN).append("tc-").append(i % 10)
          .append("\",\"MetricStat\":\"").append(STATS[i % STATS.length])
          .append("\",\"Period\":\"").append(period)
          .append("\",\"XAxisType\":\"").append(axis).append('"');
      if (i % 2 == 0) {
        json.append(",\"Start\":").append(endMs - 86_400_000).append(",\"End\":").append(endMs);
      }
      json.append('}');
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
