package dev.stepwise.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.testing.CassandraTestCluster;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Two stores over one keyspace, as two Stepwise nodes over one cluster: their lightweight transactions, not a lock
 * of one process, must keep every point counted once and every kept minute equal to the fold of its points.
 */
@EnabledIfEnvironmentVariable(named = CassandraTestCluster.CONTACT_POINTS_VARIABLE, matches = ".+")
@DisplayName("Two Cassandra stores over one keyspace")
class CassandraTwoNodesTest {
  private static final CassandraTestCluster cluster = new CassandraTestCluster();
  private static final SeriesKey SERIES = new SeriesKey("111122223333", "us-east-1", "job", "loss");

  @AfterAll
  static void dropKeyspaces() {
    cluster.close();
  }

  @Test
  @DisplayName("racing on the same points and minutes, store each point once and keep minutes exact")
  void racingNodes() throws Exception {
    CassandraSettings settings = cluster.acquire();
    int threadsPerNode = 3;
    int batches = 40;
    try (CassandraMetricStore one = new CassandraMetricStore(settings, StoreLimits.DEFAULT, 4, 64, Clock.systemUTC());
        CassandraMetricStore two = new CassandraMetricStore(settings, StoreLimits.DEFAULT, 4, 64, Clock.systemUTC())) {
      ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerNode);
      List<Future<List<AppendOutcome>>> futures = new ArrayList<>();
      for (int t = 0; t < 2 * threadsPerNode; t++) {
        CassandraMetricStore node = t % 2 == 0 ? one : two;
        int offset = t / 2; // each node's threads overlap the other node's: thread t shares points with t ± 1
        futures.add(pool.submit(() -> {
          List<AppendOutcome> outcomes = new ArrayList<>();
          for (int i = 0; i < batches; i++) {
            long ts = (i + offset) * 7_000L; // about 9 points a minute, a minute shared by many batches
            outcomes.addAll(node.append(new AppendBatch(SERIES.account(), SERIES.region(), SERIES.trialComponent(),
                List.of(new NewPoint("loss", ts, i + offset, 1.0 / (i + offset + 1)),
                    new NewPoint("loss", ts + 1, NewPoint.NO_STEP, (i + offset) * 0.1)))).get(60, TimeUnit.SECONDS));
          }
          return outcomes;
        }));
      }
      List<AppendOutcome> outcomes = new ArrayList<>();
      for (Future<List<AppendOutcome>> f : futures) {
        outcomes.addAll(f.get(300, TimeUnit.SECONDS));
      }
      pool.shutdown();

      long distinct = 2L * (batches + threadsPerNode - 1);
      assertThat(outcomes).filteredOn(o -> o == AppendOutcome.STORED).hasSize((int) distinct);
      List<long[]> points = new ArrayList<>();
      two.scanByTime(SERIES, Long.MIN_VALUE, Long.MAX_VALUE, (t, s, v, q) -> points.add(new long[] {t, q}));
      assertThat(points).hasSize((int) distinct);
      assertThat(one.summarize(SERIES)).hasValueSatisfying(s -> assertThat(s.pointCount()).isEqualTo(distinct));
      assertThat(minutes(one, true)).isEqualTo(minutes(two, false));
    }
  }

  /** The kept minutes, or those folded from the points (the definition), as comparable strings. */
  private static List<String> minutes(CassandraMetricStore store, boolean kept) {
    List<String> rows = new ArrayList<>();
    if (kept) {
      store.scanMinutes(SERIES, Long.MIN_VALUE, Long.MAX_VALUE, (m, s) -> rows.add(m + " " + text(s)));
    } else {
      Minutes fold = new Minutes((m, s) -> rows.add(m + " " + text(s)));
      store.scanByTime(SERIES, Long.MIN_VALUE, Long.MAX_VALUE, fold);
      fold.finish();
    }
    return rows;
  }

  private static String text(BucketStats s) {
    return s.count() + " " + s.min() + " " + s.max() + " " + Double.doubleToLongBits(s.mean()) + " "
        + Double.doubleToLongBits(s.m2()) + " " + s.lastTimestampMs() + " " + s.lastSequence() + " " + s.last();
  }
}
