package dev.stepwise.store.postgres;

import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.store.EntityQuery;
import dev.stepwise.store.EntityStub;
import dev.stepwise.store.EntityStateException;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.RunActivity;
import dev.stepwise.store.Scope;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.groupcommit.WriteQueue;
import dev.stepwise.store.jdbc.EntityTables;
import dev.stepwise.store.jdbc.SqlDialect;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;

/**
 * The control plane in the shared database: each call is one transaction on a pooled connection (a reading one, a
 * read-only snapshot, for reads; a writing one for writes), and what nodes race on is settled by the database (unique
 * keys for names, foreign keys for deletions, a version column for updates). The deletion of a trial component goes
 * through this node's writer, as a deletion of metrics does, so that it is ordered with the appends queued around it.
 */
final class PostgresExperiments implements ExperimentStore {
  private final DataSource readers;
  private final DataSource writers;
  private final String displayUrl;
  private final WriteQueue writes;
  private final PostgresGroupWriter writer;
  private final EntityTables tables = new EntityTables(SqlDialect.POSTGRES);
  private final byte[] tokenKey;

  PostgresExperiments(DataSource readers, DataSource writers, String displayUrl, WriteQueue writes,
      PostgresGroupWriter writer) {
    this.readers = readers;
    this.writers = writers;
    this.displayUrl = displayUrl;
    this.writes = writes;
    this.writer = writer;
    byte[] candidate = new byte[32];
    new SecureRandom().nextBytes(candidate);
    this.tokenKey = transaction(connection -> EntityTables.tokenKey(connection, candidate));
  }

  @Override
  public boolean insert(Partition partition, Entity entity) {
    return transaction(connection -> tables.insert(connection, partition, entity));
  }

  @Override
  public Optional<Stored> find(Partition partition, EntityKind kind, String key) {
    return read(connection -> tables.find(connection, partition, kind, key));
  }

  @Override
  public boolean replace(Partition partition, Stored current, Entity updated) {
    return transaction(connection -> tables.replace(connection, partition, current, updated));
  }

  @Override
  public void delete(Partition partition, EntityKind kind, String key) {
    if (kind != EntityKind.TRIAL_COMPONENT) {
      transaction(connection -> tables.delete(connection, partition, kind, key));
      return;
    }
    try {
      writes.runExclusive(() -> writer.deleteTrialComponentEntity(partition, key, tables)).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof EntityStateException || e.getCause() instanceof StoreException) {
        throw (RuntimeException) e.getCause();
      }
      throw new StoreUnavailableException("could not delete from PostgreSQL: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while deleting from PostgreSQL", e);
    }
  }

  @Override
  public List<Entity> list(Partition partition, EntityQuery query) {
    return read(connection -> tables.list(connection, partition, query));
  }

  @Override
  public List<Entity> scan(Partition partition, EntityKind kind, Scope scope) {
    return read(connection -> tables.scan(connection, partition, kind, scope));
  }

  @Override
  public List<EntityStub> scanStubs(Partition partition, EntityKind kind, Scope scope) {
    return read(connection -> tables.scanStubs(connection, partition, kind, scope));
  }

  @Override
  public List<Entity> findAll(Partition partition, EntityKind kind, Collection<String> keys) {
    return read(connection -> tables.findAll(connection, partition, kind, keys));
  }

  @Override
  public boolean associate(Partition partition, String trialKey, String trialComponentKey, long nowMs) {
    return transaction(connection -> tables.associate(connection, partition, trialKey, trialComponentKey, nowMs));
  }

  @Override
  public boolean disassociate(Partition partition, String trialKey, String trialComponentKey) {
    return transaction(connection -> tables.disassociate(connection, partition, trialKey, trialComponentKey));
  }

  @Override
  public Map<String, List<Parent>> parents(Partition partition, Collection<String> trialComponentKeys) {
    return read(connection -> tables.parents(connection, partition, trialComponentKeys));
  }

  @Override
  public Map<String, List<TrialComponent>> members(Partition partition, Collection<String> trialKeys) {
    return read(connection -> tables.members(connection, partition, trialKeys));
  }

  @Override
  public List<Partition> partitions() {
    return read(tables::partitions);
  }

  @Override
  public List<RunActivity> runActivity(Partition partition) {
    return read(connection -> tables.runActivity(connection, partition));
  }

  @Override
  public boolean addLineage(Partition partition, String sourceArn, String destinationArn, String type, long nowMs) {
    return transaction(connection ->
        tables.addLineage(connection, partition, sourceArn, destinationArn, type, nowMs));
  }

  @Override
  public byte[] tokenKey() {
    return tokenKey.clone();
  }

  /** Expired snapshots are dropped as new ones are saved, so the table holds about one lifetime's worth. */
  @Override
  public void saveSnapshot(String id, byte[] content, long nowMs, long expiresAtMs) {
    transaction(connection -> {
      try (PreparedStatement purge =
              connection.prepareStatement("DELETE FROM listing_snapshot WHERE expires_ms <= ?");
          PreparedStatement insert = connection.prepareStatement(
              "INSERT INTO listing_snapshot (id, expires_ms, content) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
        purge.setLong(1, nowMs);
        purge.executeUpdate();
        insert.setString(1, id);
        insert.setLong(2, expiresAtMs);
        insert.setBytes(3, content);
        insert.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<byte[]> snapshot(String id, long nowMs) {
    return read(connection -> {
      try (PreparedStatement select =
          connection.prepareStatement("SELECT content FROM listing_snapshot WHERE id = ? AND expires_ms > ?")) {
        select.setString(1, id);
        select.setLong(2, nowMs);
        try (ResultSet row = select.executeQuery()) {
          return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
        }
      }
    });
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** One writing transaction: committed when the work returns, rolled back when it throws. */
  private <T> T transaction(Work<T> work) {
    return inTransaction(writers, work);
  }

  /** One read-only snapshot. */
  private <T> T read(Work<T> work) {
    return inTransaction(readers, work);
  }

  private <T> T inTransaction(DataSource pool, Work<T> work) {
    try (Connection connection = pool.getConnection()) {
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (EntityStateException e) {
      throw e;
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot use PostgreSQL at " + displayUrl + ": " + e.getMessage(), e);
    }
  }
}
