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

  /** Stops the system (its files are the run's to delete). */
  @Override
  void close();
}
