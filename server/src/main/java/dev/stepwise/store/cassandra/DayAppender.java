package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.jdbc.MinuteStatsCodec;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stores the new points of one request in one series-day partition: reads what the partition holds, decides which
 * points are new, and writes them with the partition's summary and the minutes they fall in, in one lightweight
 * transaction conditional on the version it read. A writer that lost the race (another node changed the partition
 * in between) reads again and decides again, so a point is counted, and folded into its minute, exactly once.
 */
final class DayAppender {
  private static final int MAX_ATTEMPTS = 64;

  /** A point of the request, with its index in the batch. */
  record Candidate(int index, NewPoint point) {
    Identity identity() {
      return new Identity(point.timestampMs(), point.step(), point.value());
    }
  }

  record Identity(long timestampMs, int step, double value) {}

  private final CqlSession session;
  private final Statements statements;
  private final Sequences sequences;

  DayAppender(CqlSession session, Statements statements, Clock clock) {
    this.session = session;
    this.statements = statements;
    this.sequences = new Sequences(clock);
  }

  /**
   * Stores the candidates (no two equal) that are new, in the given order while the series stays within
   * {@code limitLeft} points besides this day's, and writes each one's outcome. Returns how many it stored.
   */
  long append(DayKey key, List<Candidate> candidates, java.util.function.LongSupplier limitLeft,
      AppendOutcome[] outcomes) {
    long minT = Long.MAX_VALUE;
    long maxT = Long.MIN_VALUE;
    for (Candidate c : candidates) {
      minT = Math.min(minT, c.point().timestampMs());
      maxT = Math.max(maxT, c.point().timestampMs());
    }
    Map<Identity, Long> proposed = new HashMap<>();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Quorum reads, in parallel: a read that misses a transaction in flight sees an older version, and the
      // conditional write below then fails and reads again (no Paxos read needed).
      var staticsRead = session.executeAsync(statements.dayStaticsPlain.bind(key.bindings())).toCompletableFuture();
      var pointsRead = session.executeAsync(statements.dayPointsThrough.bind(key.bindings(minT, maxT)))
          .toCompletableFuture();
      var minutesRead = session.executeAsync(statements.dayMinutesThrough.bind(key.bindings(
          Minutes.minuteOf(minT), Minutes.minuteOf(maxT)))).toCompletableFuture();
      DayStatics statics = DayStatics.of(AsyncPages.all(join(staticsRead)).stream().findFirst().orElse(null));
      Map<Identity, Long> existing = new HashMap<>();
      for (Row row : AsyncPages.all(join(pointsRead))) {
        existing.put(new Identity(row.getLong("t"), row.getInt("step"), row.getDouble("value")), row.getLong("seq"));
      }
      Map<Long, BucketStats> minutes = new TreeMap<>();
      for (Row row : AsyncPages.all(join(minutesRead))) {
        minutes.put(row.getLong("t"), MinuteStatsCodec.decode(bytes(row.getByteBuffer("stats"))));
      }
      List<Candidate> fresh = new ArrayList<>();
      long ours = 0;
      long left = limitLeft.getAsLong() - statics.count();
      for (Candidate c : candidates) {
        Long seq = existing.get(c.identity());
        if (seq != null && seq.equals(proposed.get(c.identity()))) {
          outcomes[c.index()] = AppendOutcome.STORED; // our earlier attempt applied, though it timed out
          ours++;
        } else if (seq != null) {
          outcomes[c.index()] = AppendOutcome.DUPLICATE;
        } else if (left > 0) {
          fresh.add(c);
          left--;
          outcomes[c.index()] = AppendOutcome.STORED;
        } else {
          outcomes[c.index()] = AppendOutcome.METRIC_LIMIT_EXCEEDED;
        }
      }
      if (fresh.isEmpty()) {
        return ours;
      }
      proposed.clear();
      try {
        if (session.execute(write(key, statics, minutes, fresh, proposed)).wasApplied()) {
          return ours + fresh.size();
        }
      } catch (WriteTimeoutException | CASWriteUnknownException e) {
        // Paxos lost to contention or timed out: it may have applied. The next round's read tells, by the
        // sequences this attempt proposed (no other writer hands out the same).
      }
      Contention.backOff(attempt);
    }
    throw new StoreUnavailableException("series " + key.series() + " day " + key.day() + ": still contended after "
        + MAX_ATTEMPTS + " attempts", null);
  }

  static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private BatchStatement write(DayKey key, DayStatics statics, Map<Long, BucketStats> minutes,
      List<Candidate> fresh, Map<Identity, Long> proposed) {
    long seq = sequences.first(statics.lastSeq(), fresh.size());
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
    DayStatics next = statics;
    Map<Long, List<MinuteAggregate.StoredPoint>> added = new HashMap<>();
    for (Candidate c : fresh) {
      NewPoint p = c.point();
      batch.addStatement(statements.insertPoint.bind(key.bindings(p.timestampMs(), p.step(), p.value(), seq)));
      proposed.put(c.identity(), seq);
      added.computeIfAbsent(Minutes.minuteOf(p.timestampMs()), m -> new ArrayList<>())
          .add(new MinuteAggregate.StoredPoint(p.timestampMs(), p.step(), p.value(), seq));
      next = next.plus(p.timestampMs(), p.step(), p.value(), seq);
      seq = Sequences.next(seq);
    }
    added.forEach((minute, points) -> {
      BucketStats kept = minutes.get(minute);
      MinuteAggregate aggregate = kept == null
          ? MinuteAggregate.of(points) : new MinuteAggregate(kept, statics.lastSeq());
      if (kept != null && !aggregate.extend(points)) {
        throw new IllegalStateException("minute " + minute + " of " + key + " holds a later sequence than new points");
      }
      batch.addStatement(statements.upsertMinute.bind(
          ByteBuffer.wrap(MinuteStatsCodec.encode(aggregate.stats())), key.series().account(),
          key.series().region(), key.series().trialComponent(), key.series().metricName(), key.day(), minute));
    });
    Object[] set = next.casValues();
    Object[] values = new Object[set.length + 6];
    System.arraycopy(set, 0, values, 0, set.length);
    System.arraycopy(key.bindings(statics.version()), 0, values, set.length, 6);
    batch.addStatement(statements.casStatics.bind(values));
    return batch.setConsistencyLevel(statements.consistency).setSerialConsistencyLevel(statements.serial).build();
  }

  static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
