package dev.stepwise.bench.process;

import dev.stepwise.bench.load.Sender;
import dev.stepwise.bench.query.QueryClient;

/** A running system the benchmark writes to and, when it stores anything, queries. */
public interface Target extends AutoCloseable {
  String name();

  /** A new connection for one load client. */
  Sender newSender();

  /** A new connection for queries and the verification. */
  QueryClient newQueryClient();

  /** Largest batch the system accepts in one write, for loading the query data. */
  int maxBatchSize();

  /**
   * Called after the query data is loaded, before the queries: brings the system to the state its own background
   * work would reach given time, so that the queries do not measure the first minute after a bulk load.
   */
  default void settle() throws Exception {}

  /** The server's own processes, for their CPU time per stored point; null when not measured. */
  default ProcessCpu serverCpu() {
    return null;
  }

  /** The database's processes beside the server (PostgreSQL's), or null when there are none. */
  default ProcessCpu databaseCpu() {
    return null;
  }

  /** Stops the system (its files are the run's to delete). */
  @Override
  void close();
}
