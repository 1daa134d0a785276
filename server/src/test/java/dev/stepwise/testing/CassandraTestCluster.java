package dev.stepwise.testing;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.stepwise.store.cassandra.CassandraSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * Throwaway keyspaces in the Cassandra cluster named by {@code STEPWISE_TEST_CASSANDRA} (host:port of its nodes,
 * comma-separated; {@code .ci/run} starts one with {@code bin/cassandra-cluster} and always sets it; see README),
 * dropped again by {@link #close()}.
 *
 * <p>Creating a keyspace and its tables takes about 15 s on a three-node test cluster (every schema change waits
 * for the nodes to agree), emptying one with TRUNCATE under a second: a keyspace given back is emptied and handed
 * out again, so a suite of a hundred stores creates a few keyspaces, not a hundred.
 */
public final class CassandraTestCluster implements AutoCloseable {
  public static final String CONTACT_POINTS_VARIABLE = "STEPWISE_TEST_CASSANDRA";
  private static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(60);

  private final List<String> keyspaces = new ArrayList<>();
  private final Deque<String> free = new ArrayDeque<>();
  private CqlSession session;

  public static List<InetSocketAddress> contactPoints() {
    String value = System.getenv(CONTACT_POINTS_VARIABLE);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(CONTACT_POINTS_VARIABLE + " is not set");
    }
    return Arrays.stream(value.split(",")).map(String::strip).map(hostPort -> {
      int colon = hostPort.lastIndexOf(':');
      return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }).toList();
  }

  /** The settings of an empty keyspace (created by the store that opens it when new), replicated on three nodes. */
  public synchronized CassandraSettings acquire() {
    String keyspace = free.pollFirst();
    if (keyspace == null) {
      keyspace = "stepwise_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      keyspaces.add(keyspace);
    } else {
      truncate(keyspace);
    }
    return settings(keyspace);
  }

  /** Gives a keyspace back once no store uses it any more; it is emptied before it is handed out again. */
  public synchronized void release(String keyspace) {
    free.addLast(keyspace);
  }

  public static CassandraSettings settings(String keyspace) {
    CassandraSettings local = CassandraSettings.localCluster(keyspace);
    return new CassandraSettings(contactPoints(), local.localDatacenter(), keyspace, local.replication(),
        local.consistency(), null, null, null, false);
  }

  private CqlSession session() {
    if (session == null) {
      session = CqlSession.builder().addContactPoints(contactPoints()).withLocalDatacenter("datacenter1").build();
    }
    return session;
  }

  private void truncate(String keyspace) {
    session().getMetadata().getKeyspace(keyspace).ifPresent(ks -> {
      for (CqlIdentifier table : ks.getTables().keySet()) {
        session().execute(SimpleStatement.newInstance("TRUNCATE " + keyspace + "." + table.asCql(true))
            .setTimeout(SCHEMA_TIMEOUT));
      }
    });
  }

  @Override
  public synchronized void close() {
    if (!keyspaces.isEmpty()) {
      for (String keyspace : keyspaces) {
        session().execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
            .setTimeout(SCHEMA_TIMEOUT));
      }
    }
    keyspaces.clear();
    free.clear();
    if (session != null) {
      session.close();
      session = null;
    }
  }
}
