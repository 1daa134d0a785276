package dev.stepwise.store.jdbc;

import dev.stepwise.stats.BucketStats;
import java.nio.ByteBuffer;

/**
 * A minute's statistics as one 64-byte value, the {@code stats} column of {@code minute_aggregate}: a query over a
 * day reads 1,440 of them, and one column per row is far cheaper to fetch through a driver than eight. The bytes
 * hold the exact bits of every field, so nothing rounds on the way in or out.
 */
public final class MinuteStatsCodec {
  static final int SIZE = 64;

  /** Where {@code lastTimestampMs} lies in the bytes (1-based, as SQL's {@code substr} counts), and its length. */
  private static final int LAST_TIMESTAMP_FROM = 41;

  private static final int LAST_TIMESTAMP_BYTES = 8;

  /**
   * SQL for the hexadecimal text of the value's last timestamp, in the given dialect. Big-endian and never negative
   * (points before the epoch are refused at ingest), so the texts of two timestamps order as the timestamps do, and
   * a query can take their {@code max} without decoding the values.
   */
  public static String lastTimestampHex(SqlDialect dialect, String column) {
    return dialect.hexText("substr(" + column + ", " + LAST_TIMESTAMP_FROM + ", " + LAST_TIMESTAMP_BYTES + ")");
  }

  /** The timestamp of a {@link #lastTimestampHex} text (either case of hex digits). */
  public static long lastTimestampOfHex(String hex) {
    return Long.parseUnsignedLong(hex, 16);
  }

  public static byte[] encode(BucketStats stats) {
    return ByteBuffer.allocate(SIZE)
        .putLong(stats.count())
        .putDouble(stats.min())
        .putDouble(stats.max())
        .putDouble(stats.mean())
        .putDouble(stats.m2())
        .putLong(stats.lastTimestampMs())
        .putLong(stats.lastSequence())
        .putDouble(stats.last())
        .array();
  }

  public static BucketStats decode(byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalStateException(
          "minute statistics of " + (bytes == null ? "null" : bytes.length + " bytes") + ", expected " + SIZE);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    return BucketStats.restore(
        in.getLong(), in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble(), in.getLong(), in.getLong(),
        in.getDouble());
  }

  private MinuteStatsCodec() {}
}
