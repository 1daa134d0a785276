package dev.stepwise.store.sqlite;

import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.SeriesKey;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * The packed points of one {@code point_log} row, little-endian: the group's first sequence, then for each series
 * its id and point count followed by its points, 24 bytes each (timestamp, step or -1, value, offset of the sequence
 * from the group's first). Sequences of one group are consecutive, so the offsets are small.
 */
final class GroupLog {
  private static final int HEADER_BYTES = 8;
  private static final int SERIES_BYTES = 12;
  private static final int POINT_BYTES = 24;

  private GroupLog() {}

  /** @param points by series, each series' in sequence order; every sequence within an int of the smallest */
  static byte[] encode(Map<SeriesKey, List<StoredPoint>> points, ToLongFunction<SeriesKey> seriesIds) {
    long firstSequence = Long.MAX_VALUE;
    int size = HEADER_BYTES;
    for (List<StoredPoint> series : points.values()) {
      firstSequence = Math.min(firstSequence, series.getFirst().sequence());
      size += SERIES_BYTES + POINT_BYTES * series.size();
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(firstSequence);
    for (Map.Entry<SeriesKey, List<StoredPoint>> series : points.entrySet()) {
      out.putLong(seriesIds.applyAsLong(series.getKey())).putInt(series.getValue().size());
      for (StoredPoint p : series.getValue()) {
        long offset = p.sequence() - firstSequence;
        if (offset > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("sequence " + p.sequence() + " too far from " + firstSequence);
        }
        out.putLong(p.timestampMs()).putInt(p.step()).putDouble(p.value()).putInt((int) offset);
      }
    }
    return out.array();
  }

  /** The ids of the series a log row holds points of, in the row's order. */
  static long[] seriesIds(byte[] blob) {
    List<Long> ids = new ArrayList<>();
    try {
      ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
      in.position(HEADER_BYTES);
      while (in.hasRemaining()) {
        ids.add(in.getLong());
        int count = in.getInt();
        if (count < 1 || count > in.remaining() / POINT_BYTES) {
          throw corrupt(blob, null);
        }
        in.position(in.position() + count * POINT_BYTES);
      }
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw corrupt(blob, e);
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * @param seriesKeys the key of each series id the row names (the series rows are written with the log row)
   * @throws IllegalStateException when the row is not a log row this class wrote
   */
  static Map<SeriesKey, List<StoredPoint>> decode(byte[] blob, LongFunction<SeriesKey> seriesKeys) {
    Map<SeriesKey, List<StoredPoint>> points = new LinkedHashMap<>();
    try {
      ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
      long firstSequence = in.getLong();
      while (in.hasRemaining()) {
        SeriesKey key = seriesKeys.apply(in.getLong());
        int count = in.getInt();
        if (key == null || count < 1 || count > in.remaining() / POINT_BYTES) {
          throw corrupt(blob, null);
        }
        List<StoredPoint> series = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          series.add(new StoredPoint(in.getLong(), in.getInt(), in.getDouble(), firstSequence + in.getInt()));
        }
        points.put(key, series);
      }
    } catch (BufferUnderflowException e) {
      throw corrupt(blob, e);
    }
    return points;
  }

  private static IllegalStateException corrupt(byte[] blob, Exception cause) {
    return new IllegalStateException("a point log row of " + blob.length + " bytes is corrupt", cause);
  }
}
