package dev.stepwise.store.postgres;

import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.Partition;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.groupcommit.BatchWriter;
import dev.stepwise.store.jdbc.EntityTables;
import dev.stepwise.store.jdbc.TrialComponentDeletion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes each group of batches in one transaction on a connection borrowed from the pool for just that group, so
 * that a connection broken by an outage is replaced by the pool rather than reused.
 */
final class PostgresGroupWriter implements BatchWriter {
  private final DataSource pool;
  private final StoreLimits limits;

  PostgresGroupWriter(DataSource pool, StoreLimits limits) {
    this.pool = pool;
    this.limits = limits;
  }

  @Override
  public List<List<AppendOutcome>> write(List<AppendBatch> batches) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      try {
        List<List<AppendOutcome>> outcomes = new GroupTransaction(connection, limits, batches).run();
        connection.commit();
        return outcomes;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw e;
      }
    }
  }

  /**
   * A write as small as there is, for readiness while writes fail: takes a number from the point sequence (which
   * writes, and fails on a read-only database) in a transaction of its own.
   */
  long probe() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      try {
        statement.execute("SELECT nextval('point_sequence')");
        connection.commit();
        return 0;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw e;
      }
    }
  }

  /** Deletes one trial component's metrics under its advisory lock, in one transaction; returns the points. */
  long deleteTrialComponent(String account, String region, String trialComponent) throws SQLException {
    return underTrialComponentLock(account, region, trialComponent, connection ->
        TrialComponentDeletion.delete(connection, "point", account, region, trialComponent));
  }

  /**
   * Deletes a trial component entity and its metrics, under the lock that appends to it take (so that an append on
   * another node cannot make it again half-way), in one transaction.
   */
  long deleteTrialComponentEntity(Partition partition, String key, EntityTables tables) throws SQLException {
    return underTrialComponentLock(partition.account(), partition.region(), key, connection -> {
      tables.delete(connection, partition, EntityKind.TRIAL_COMPONENT, key);
      return TrialComponentDeletion.delete(connection, "point", partition.account(), partition.region(), key);
    });
  }

  @FunctionalInterface
  private interface LockedWork {
    long run(Connection connection) throws SQLException;
  }

  private long underTrialComponentLock(String account, String region, String trialComponent, LockedWork work)
      throws SQLException {
    try (Connection connection = pool.getConnection()) {
      try {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          lock.setLong(1, TrialComponentLocks.key(account, region, trialComponent));
          lock.execute();
        }
        long result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw e;
      }
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is likely broken, which is why we are here; the pool discards broken connections.
    }
  }

  @Override
  public void close() {
    // The pool belongs to the store, which closes it after the queue has stopped.
  }
}
