package dev.stepwise.store.postgres;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.groupcommit.BatchWriter;
import java.sql.Connection;
import java.sql.SQLException;
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
