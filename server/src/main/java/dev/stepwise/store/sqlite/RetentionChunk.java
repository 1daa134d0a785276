package dev.stepwise.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One chunk of retention, inside the writer's transaction: drops the blocks of minutes before the cutoff's, oldest
 * first, series by series, until about {@link #MAX_POINTS} points or {@link #MAX_BLOCKS} blocks are gone (whole minutes
 * at a time, and at least one), and brings each series' row up to date with what is left: count, first timestamp,
 * smallest and largest step (the last timestamp and value stay, unless nothing is left). Kept minutes stay. The
 * writer commits each chunk on its own, so that appends queued meanwhile go in between.
 */
final class RetentionChunk {
  /**
   * At most this many points, and this many blocks (a block may hold a single point): about 15 ms of work and commit
   * on the project's 2-core machine, the longest an append waits for a chunk (docs/reliability.md,
   * RetentionUnderLoadIT).
   */
  static final int MAX_POINTS = 2_000;
  static final int MAX_BLOCKS = 2_000;

  /** What one chunk dropped, from which series, and whether any old point is left. */
  record Result(long points, Set<Long> series, boolean finished) {}

  private final Connection connection;
  private final long cutoffMinute;
  private long budget;

  private RetentionChunk(Connection connection, long cutoffMinute) {
    this.connection = connection;
    this.cutoffMinute = cutoffMinute;
    this.budget = MAX_POINTS;
  }

  static Result drop(Connection connection, long cutoffMinute) throws SQLException {
    return new RetentionChunk(connection, cutoffMinute).run();
  }

  private Result run() throws SQLException {
    long dropped = 0;
    Set<Long> touched = new LinkedHashSet<>();
    for (long id : seriesWithOldPoints()) {
      if (budget <= 0) {
        break;
      }
      long points = dropOldest(id);
      dropped += points;
      budget -= points;
      touched.add(id);
    }
    return new Result(dropped, touched, !anyOldLeft());
  }

  /** The series whose first point is before the cutoff's minute, from their rows (no index: the table is small). */
  private List<Long> seriesWithOldPoints() throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement old = connection.prepareStatement(
        "SELECT id FROM series WHERE first_ms < ? ORDER BY id")) {
      old.setLong(1, cutoffMinute);
      try (ResultSet rows = old.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }

  private boolean anyOldLeft() throws SQLException {
    try (PreparedStatement any = connection.prepareStatement("SELECT 1 FROM series WHERE first_ms < ? LIMIT 1")) {
      any.setLong(1, cutoffMinute);
      try (ResultSet row = any.executeQuery()) {
        return row.next();
      }
    }
  }

  /**
   * Drops the series' oldest minutes, within the budget; returns the points dropped. Reads the old blocks' sizes
   * only (SQLite knows a blob's length from its record header), never their points: SQL does the rest.
   */
  private long dropOldest(long id) throws SQLException {
    long points = 0;
    long upTo = cutoffMinute; // the first minute kept
    // Read as far as needed only: SQLite steps through the rows as they are asked for.
    try (PreparedStatement sizes = connection.prepareStatement(
        "SELECT minute_ms, length(points) FROM point_block WHERE series_id = ? AND minute_ms < ? ORDER BY minute_ms")) {
      sizes.setLong(1, id);
      sizes.setLong(2, cutoffMinute);
      try (ResultSet rows = sizes.executeQuery()) {
        long minute = Long.MIN_VALUE;
        int blocks = 0;
        while (rows.next()) {
          long minuteMs = rows.getLong(1);
          if (minuteMs != minute && points > 0 && (points >= budget || blocks >= MAX_BLOCKS)) {
            upTo = minuteMs; // whole minutes only: this one and later ones wait for the next chunk
            break;
          }
          minute = minuteMs;
          blocks++;
          points += rows.getInt(2) / PointBlock.POINT_BYTES;
        }
      }
    }
    boolean largestStepMayGo = largestStepMayGo(id, upTo);
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM point_block WHERE series_id = ? AND minute_ms < ?")) {
      delete.setLong(1, id);
      delete.setLong(2, upTo);
      delete.executeUpdate();
    }
    updateRow(id, points, largestStepMayGo);
    return points;
  }

  /**
   * Whether a block before {@code upTo} may hold the series' largest step. Blocks record their smallest step only,
   * and a block's steps are at most the series' step span above it.
   */
  private boolean largestStepMayGo(long id, long upTo) throws SQLException {
    try (PreparedStatement dropped = connection.prepareStatement(
        "SELECT max(b.min_step) + s.step_span >= s.max_step FROM point_block b JOIN series s ON s.id = b.series_id"
            + " WHERE b.series_id = ? AND b.minute_ms < ? AND b.min_step >= 0")) {
      dropped.setLong(1, id);
      dropped.setLong(2, upTo);
      try (ResultSet row = dropped.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }

  /** The row as the remaining blocks give it. */
  private void updateRow(long id, long dropped, boolean largestStepMayHaveGone) throws SQLException {
    Long firstMs = firstTimestamp(id);
    Integer minStep = firstMs == null ? null : smallestStep(id);
    Integer maxStep = null;
    if (minStep != null) {
      int[] stored = maxStepAndSpan(id);
      // Blocks do not record their largest step: only when it may have been dropped is it looked for again.
      maxStep = largestStepMayHaveGone ? largestStepLeft(id, stored[1]) : Integer.valueOf(stored[0]);
    }
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE series SET point_count = point_count - ?, first_ms = ?, min_step = ?, max_step = ?,"
            + " last_ms = CASE WHEN ? IS NULL THEN NULL ELSE last_ms END,"
            + " last_value = CASE WHEN ? IS NULL THEN NULL ELSE last_value END WHERE id = ?")) {
      update.setLong(1, dropped);
      update.setObject(2, firstMs);
      update.setObject(3, minStep);
      update.setObject(4, maxStep);
      update.setObject(5, firstMs);
      update.setObject(6, firstMs);
      update.setLong(7, id);
      update.executeUpdate();
    }
  }

  /** The earliest timestamp left, from the blocks of the first minute left; null when none is. */
  private Long firstTimestamp(long id) throws SQLException {
    long[] first = {Long.MAX_VALUE};
    try (PreparedStatement firstMinute = connection.prepareStatement(
        "SELECT minute_ms, first_sequence, points FROM point_block WHERE series_id = ?"
            + " AND minute_ms = (SELECT min(minute_ms) FROM point_block WHERE series_id = ?)")) {
      firstMinute.setLong(1, id);
      firstMinute.setLong(2, id);
      try (ResultSet rows = firstMinute.executeQuery()) {
        while (rows.next()) {
          PointBlock.decode(rows.getLong(1), rows.getLong(2), rows.getBytes(3),
              (timestampMs, step, value, sequence) -> first[0] = Math.min(first[0], timestampMs));
        }
      }
    }
    return first[0] == Long.MAX_VALUE ? null : first[0];
  }

  /** From the step index: each block records its smallest step. */
  private Integer smallestStep(long id) throws SQLException {
    try (PreparedStatement min = connection.prepareStatement(
        "SELECT min(min_step) FROM point_block WHERE series_id = ? AND min_step >= 0")) {
      min.setLong(1, id);
      try (ResultSet row = min.executeQuery()) {
        row.next();
        int step = row.getInt(1);
        return row.wasNull() ? null : step;
      }
    }
  }

  /** The row's largest step (-1 when none) and step span, as before this chunk. */
  private int[] maxStepAndSpan(long id) throws SQLException {
    try (PreparedStatement row = connection.prepareStatement(
        "SELECT coalesce(max_step, -1), step_span FROM series WHERE id = ?")) {
      row.setLong(1, id);
      try (ResultSet r = row.executeQuery()) {
        r.next();
        return new int[] {r.getInt(1), r.getInt(2)};
      }
    }
  }

  /**
   * The largest step left. A block holds steps from its smallest to at most the series' step span above it, so the
   * blocks are read by descending smallest step (the step index backwards) until none can hold a larger one.
   */
  private Integer largestStepLeft(long id, int stepSpan) throws SQLException {
    int[] largest = {-1};
    try (PreparedStatement blocks = connection.prepareStatement(
        "SELECT minute_ms, first_sequence, points, min_step FROM point_block"
            + " WHERE series_id = ? AND min_step >= 0 ORDER BY min_step DESC")) {
      blocks.setLong(1, id);
      try (ResultSet rows = blocks.executeQuery()) {
        while (rows.next()) {
          if (largest[0] >= 0 && (long) rows.getInt(4) + stepSpan <= largest[0]) {
            break;
          }
          PointBlock.decode(rows.getLong(1), rows.getLong(2), rows.getBytes(3),
              (timestampMs, step, value, sequence) -> largest[0] = Math.max(largest[0], step));
        }
      }
    }
    return largest[0] < 0 ? null : largest[0];
  }
}
