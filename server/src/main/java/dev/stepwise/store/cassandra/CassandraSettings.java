package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach the Cassandra cluster and what to promise over it, validated once.
 *
 * @param contactPoints a few nodes of the cluster; the driver finds the others
 * @param localDatacenter the datacenter whose replicas answer at {@code LOCAL_QUORUM} (Cassandra's SimpleSnitch calls
 *     its only one {@code datacenter1})
 * @param keyspace created when missing, with {@code replication}; used as it is when it exists
 * @param replication the CQL replication map of a keyspace Stepwise creates, or null to require it to exist
 * @param consistency of every read and write; {@code LOCAL_QUORUM} or stronger keeps an acknowledged write on a
 *     majority of the replicas
 * @param username null when the cluster asks for no credentials
 * @param trustStore a PEM file of the certificates that sign the nodes' TLS certificates, or null for plain TCP
 * @param allowPeriodicCommitlog start even when the cluster's {@code commitlog_sync} is {@code periodic}, whose
 *     acknowledged writes may be lost when every replica's machine loses power within the period
 */
public record CassandraSettings(
    List<InetSocketAddress> contactPoints,
    String localDatacenter,
    String keyspace,
    String replication,
    DefaultConsistencyLevel consistency,
    String username,
    String password,
    Path trustStore,
    boolean allowPeriodicCommitlog) {
  private static final Pattern KEYSPACE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");

  /** RF 3 in the one datacenter of a test cluster (SimpleSnitch). */
  public static final String DEFAULT_REPLICATION =
      "{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}";

  public CassandraSettings {
    contactPoints = List.copyOf(contactPoints);
    if (contactPoints.isEmpty()) {
      throw new IllegalArgumentException("contactPoints is empty: give at least one host:port of the cluster");
    }
    Objects.requireNonNull(localDatacenter, "localDatacenter");
    if (keyspace == null || !KEYSPACE.matcher(keyspace).matches()) {
      throw new IllegalArgumentException(
          "keyspace " + keyspace + " is not a keyspace name (a letter, then up to 47 letters, digits or _)");
    }
    if (replication != null && !replication.strip().startsWith("{")) {
      throw new IllegalArgumentException("replication " + replication + " is not a CQL map such as "
          + DEFAULT_REPLICATION);
    }
    Objects.requireNonNull(consistency, "consistency");
    if (consistency != DefaultConsistencyLevel.LOCAL_QUORUM && consistency != DefaultConsistencyLevel.QUORUM
        && consistency != DefaultConsistencyLevel.EACH_QUORUM && consistency != DefaultConsistencyLevel.ALL) {
      throw new IllegalArgumentException("consistency " + consistency
          + " does not keep an acknowledged write on a majority of replicas: use LOCAL_QUORUM, QUORUM, EACH_QUORUM or ALL");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("username and password go together: give both or neither");
    }
  }

  /** The nodes of {@code bin/cassandra-cluster} on this machine, with the given keyspace. */
  public static CassandraSettings localCluster(String keyspace) {
    return new CassandraSettings(
        List.of(new InetSocketAddress("127.0.0.1", 9042), new InetSocketAddress("127.0.0.2", 9042),
            new InetSocketAddress("127.0.0.3", 9042)),
        "datacenter1", keyspace, DEFAULT_REPLICATION, DefaultConsistencyLevel.LOCAL_QUORUM, null, null, null, false);
  }

  /** For logs: never the password. */
  @Override
  public String toString() {
    return "CassandraSettings[contactPoints=" + contactPoints + ", localDatacenter=" + localDatacenter
        + ", keyspace=" + keyspace + ", replication=" + replication + ", consistency=" + consistency
        + ", username=" + username + ", trustStore=" + trustStore + ", allowPeriodicCommitlog="
        + allowPeriodicCommitlog + "]";
  }
}
