package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.StoreUnavailableException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A trial component's metric names, the arbiter of the metric limit: a set changed only by compare-and-set
 * (lightweight transactions), so that nodes racing to add names never pass the limit together.
 */
final class MetricNames {
  private static final int MAX_ATTEMPTS = 64;

  /**
   * The metric names of a batch that may be written, whether the trial component had none before, and every name
   * it has now.
   */
  record Admission(Set<String> admitted, boolean firstOfTrialComponent, Set<String> known) {
    Admission(Set<String> admitted, boolean firstOfTrialComponent) {
      this(admitted, firstOfTrialComponent, admitted);
    }
  }

  private final CqlSession session;
  private final Statements statements;

  MetricNames(CqlSession session, Statements statements) {
    this.session = session;
    this.statements = statements;
  }

  Admission admit(AppendBatch batch, Collection<String> wanted, int limit) {
    boolean maybeFirst = false;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Row row;
      try {
        row = session.execute(statements.metricNames.bind(
            batch.account(), batch.region(), batch.trialComponent())).one();
      } catch (WriteTimeoutException | ReadTimeoutException | CASWriteUnknownException e) {
        Contention.backOff(attempt); // a linearizable read is a Paxos round: it too can lose to contention
        continue;
      }
      Set<String> known = row == null ? Set.of() : row.getSet("names", String.class);
      Set<String> admitted = new LinkedHashSet<>();
      Set<String> after = new HashSet<>(known);
      for (String name : wanted) {
        if (known.contains(name) || after.size() < limit) {
          after.add(name);
          admitted.add(name);
        }
      }
      if (after.size() == known.size()) {
        return new Admission(admitted, maybeFirst, Set.copyOf(after));
      }
      maybeFirst |= row == null;
      try {
        boolean applied = row == null
            ? session.execute(statements.insertMetricNames.bind(
                batch.account(), batch.region(), batch.trialComponent(), after)).wasApplied()
            : session.execute(statements.casMetricNames.bind(
                after, batch.account(), batch.region(), batch.trialComponent(), known)).wasApplied();
        if (applied) {
          return new Admission(admitted, row == null, Set.copyOf(after));
        }
      } catch (WriteTimeoutException | CASWriteUnknownException e) {
        // It may have applied: the next round's read tells (the names are there, or not).
      }
      Contention.backOff(attempt);
    }
    throw new StoreUnavailableException("metric names of " + batch.trialComponent() + ": still contended after "
        + MAX_ATTEMPTS + " attempts", null);
  }
}
