package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Retention: drops the points of whole minutes before a cutoff, day partition by day partition, each in one
 * lightweight transaction that also recomputes the day's summary from the points it keeps; the kept minutes stay.
 * One node at a time: a lease row (a lightweight transaction with a TTL) lets the others' passes end at once.
 */
final class CassandraRetention {
  private static final String LEASE = "retention";
  private static final int LEASE_SECONDS = 600;
  private static final int MAX_ATTEMPTS = 64;

  private record Point(long timestampMs, int step, double value, long seq) {}

  private final CqlSession session;
  private final Statements statements;

  CassandraRetention(CqlSession session, Statements statements, SeriesReads reads) {
    this.session = session;
    this.statements = statements;
  }

  long dropPointsBefore(long cutoffMs) {
    long cutoff = Minutes.minuteOf(cutoffMs);
    String holder = UUID.randomUUID().toString();
    if (!session.execute(statements.takeLease.bind(LEASE, holder, LEASE_SECONDS)).wasApplied()) {
      return 0;
    }
    try {
      long dropped = 0;
      List<DayKey> days = new ArrayList<>();
      for (Row row : session.execute(statements.allSeriesDays.bind())) {
        DayKey key = new DayKey(new SeriesKey(row.getString("account"), row.getString("region"),
            row.getString("trial_component"), row.getString("metric")), row.getLong("day"));
        if (key.startMs() < cutoff) {
          days.add(key);
        }
      }
      for (DayKey key : days) {
        dropped += dropDay(key, cutoff);
      }
      return dropped;
    } finally {
      session.execute(statements.releaseLease.bind(LEASE, holder));
    }
  }

  private long dropDay(DayKey key, long cutoff) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      DayStatics statics = DayStatics.of(session.execute(statements.dayStatics.bind(key.bindings())).one());
      if (statics.count() == 0) {
        return 0;
      }
      long old = 0;
      List<Point> kept = new ArrayList<>();
      for (Row row : session.execute(statements.dayPointsBetween.bind(key.bindings(key.startMs(), key.endMs())))) {
        if (row.getLong("t") < cutoff) {
          old++;
        } else {
          kept.add(new Point(row.getLong("t"), row.getInt("step"), row.getDouble("value"), row.getLong("seq")));
        }
      }
      if (old == 0) {
        return 0;
      }
      kept.sort(Comparator.comparingLong(Point::seq));
      DayStatics next = DayStatics.restart(statics);
      for (Point p : kept) {
        next = next.plus(p.timestampMs(), p.step(), p.value(), p.seq());
      }
      Object[] set = next.casValues();
      Object[] values = new Object[set.length + 6];
      System.arraycopy(set, 0, values, 0, set.length);
      System.arraycopy(key.bindings(statics.version()), 0, values, set.length, 6);
      BatchStatement batch = BatchStatement.builder(DefaultBatchType.LOGGED)
          .addStatement(statements.deletePointsBefore.bind(key.bindings(cutoff)))
          .addStatement(statements.casStatics.bind(values))
          .setConsistencyLevel(statements.consistency).setSerialConsistencyLevel(statements.serial)
          .build();
      if (session.execute(batch).wasApplied()) {
        return old;
      }
    }
    throw new StoreUnavailableException("retention of " + key + ": still contended after " + MAX_ATTEMPTS
        + " attempts", null);
  }
}
