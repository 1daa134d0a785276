package dev.stepwise.store.sqlite;

import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.Minutes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The packed points of one {@code point_block} row: some points of one series within one minute, 20 bytes each
 * (offset of the timestamp within the minute, step or -1, value, offset of the sequence from the block's first),
 * little-endian. One row for many points is what makes ingest cheap: SQLite's cost is per row and per index entry.
 */
final class PointBlock {
  static final int POINT_BYTES = 20;

  /** Receives a block's points in stored order. */
  @FunctionalInterface
  interface Visitor {
    void point(long timestampMs, int step, double value, long sequence);
  }

  private PointBlock() {}

  /**
   * @param points all in the minute {@code minuteMs}, with sequences from {@code firstSequence} up to
   *     {@code firstSequence + Integer.MAX_VALUE}
   */
  static byte[] encode(long minuteMs, long firstSequence, List<StoredPoint> points) {
    ByteBuffer out = ByteBuffer.allocate(points.size() * POINT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (StoredPoint p : points) {
      long offset = p.timestampMs() - minuteMs;
      long sequenceOffset = p.sequence() - firstSequence;
      if (offset < 0 || offset >= Minutes.MINUTE_MS || sequenceOffset < 0 || sequenceOffset > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("point " + p + " does not belong in the block of minute " + minuteMs
            + " from sequence " + firstSequence);
      }
      out.putInt((int) offset).putInt(p.step()).putDouble(p.value()).putInt((int) sequenceOffset);
    }
    return out.array();
  }

  static void decode(long minuteMs, long firstSequence, byte[] blob, Visitor visitor) {
    if (blob.length % POINT_BYTES != 0) {
      throw new IllegalStateException("a point block of " + blob.length + " bytes is corrupt");
    }
    ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    while (in.hasRemaining()) {
      long timestampMs = minuteMs + in.getInt();
      int step = in.getInt();
      double value = in.getDouble();
      long sequence = firstSequence + in.getInt();
      visitor.point(timestampMs, step, value, sequence);
    }
  }

  /** The smallest step of the points that have one, or -1 when none has. */
  static int minStep(List<StoredPoint> points) {
    int min = -1;
    for (StoredPoint p : points) {
      if (p.step() >= 0 && (min < 0 || p.step() < min)) {
        min = p.step();
      }
    }
    return min;
  }

  /** The largest step minus the smallest among the points that have one; 0 when fewer than two have. */
  static int stepSpan(List<StoredPoint> points) {
    int min = Integer.MAX_VALUE;
    int max = -1;
    for (StoredPoint p : points) {
      if (p.step() >= 0) {
        min = Math.min(min, p.step());
        max = Math.max(max, p.step());
      }
    }
    return max < 0 ? 0 : max - min;
  }
}
