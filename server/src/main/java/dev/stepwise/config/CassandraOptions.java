package dev.stepwise.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of the Cassandra store, validated once; messages name the setting and the bad value.
 *
 * @param contactPoints {@code host:port} of a few nodes of the cluster (the port defaults to 9042)
 * @param localDatacenter the datacenter whose replicas answer at {@code LOCAL_QUORUM}
 * @param keyspace the keyspace of Stepwise's tables
 * @param replicationFactor the replication factor in the local datacenter of a keyspace Stepwise creates, or 0 to
 *     require an existing keyspace (created by the operator with the replication they choose)
 * @param consistency LOCAL_QUORUM, QUORUM, EACH_QUORUM or ALL: weaker levels do not keep an acknowledged write
 * @param username null when the cluster asks for no credentials
 * @param trustStore PEM certificates to verify the nodes' TLS certificates with, or null for plain TCP
 * @param allowPeriodicCommitlog start even on a cluster whose commitlog_sync is periodic
 */
public record CassandraOptions(
    List<String> contactPoints,
    String localDatacenter,
    String keyspace,
    int replicationFactor,
    String consistency,
    String username,
    String password,
    Path trustStore,
    boolean allowPeriodicCommitlog) {
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-fA-F:.]+](:[0-9]{1,5})?");
  private static final Pattern KEYSPACE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");
  private static final Set<String> CONSISTENCIES = Set.of("LOCAL_QUORUM", "QUORUM", "EACH_QUORUM", "ALL");

  public CassandraOptions {
    contactPoints = List.copyOf(contactPoints);
    require(!contactPoints.isEmpty(), "cassandra-contact-points", "", "give host:port of at least one node");
    for (String point : contactPoints) {
      require(HOST_PORT.matcher(point).matches(), "cassandra-contact-points", point,
          "must be host:port, comma-separated (e.g. 10.0.0.1:9042,10.0.0.2:9042)");
    }
    Objects.requireNonNull(localDatacenter, "localDatacenter");
    require(!localDatacenter.isBlank(), "cassandra-local-datacenter", localDatacenter,
        "must name the datacenter of the nodes this server talks to (nodetool status shows it)");
    require(keyspace != null && KEYSPACE.matcher(keyspace).matches(), "cassandra-keyspace", keyspace,
        "must be a letter, then up to 47 letters, digits or _");
    require(replicationFactor >= 0 && replicationFactor <= 15, "cassandra-replication-factor", replicationFactor,
        "must be 1..15 (3 keeps a quorum when one replica is down), or 0 to use an existing keyspace as it is");
    require(CONSISTENCIES.contains(consistency), "cassandra-consistency", consistency,
        "must be LOCAL_QUORUM, QUORUM, EACH_QUORUM or ALL (weaker levels can lose acknowledged writes)");
    require((username == null) == (password == null), "cassandra-username", username,
        "cassandra-username and cassandra-password go together: set both, or neither");
  }

  /** A contact point's host and port. */
  public record HostPort(String host, int port) {}

  /** The host and port of each contact point. */
  public List<HostPort> hostsAndPorts() {
    return contactPoints.stream().map(point -> {
      int colon = point.lastIndexOf(':');
      boolean hasPort = colon > point.lastIndexOf(']');
      String host = hasPort ? point.substring(0, colon) : point;
      int port = hasPort ? Integer.parseInt(point.substring(colon + 1)) : 9042;
      return new HostPort(host.replace("[", "").replace("]", ""), port);
    }).toList();
  }

  /** For logs: never the password. */
  @Override
  public String toString() {
    return "CassandraOptions[contactPoints=" + contactPoints + ", localDatacenter=" + localDatacenter + ", keyspace="
        + keyspace + ", replicationFactor=" + replicationFactor + ", consistency=" + consistency + ", username="
        + username + ", trustStore=" + trustStore + ", allowPeriodicCommitlog=" + allowPeriodicCommitlog + "]";
  }

  private static void require(boolean ok, String setting, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("setting " + setting + "=" + value + " is invalid: " + rule);
    }
  }
}
