package dev.stepwise.bench.load;

import java.io.IOException;

/** Writes one batch to the system under test; one per client thread. */
public interface Sender extends AutoCloseable {
  /** What became of a write. */
  enum Outcome {
    /** Stored: the system said so. */
    ACKNOWLEDGED,
    /** The system asked to come back later (429, 503, a full queue); nothing was stored. */
    RETRY,
    /** Refused or failed: counted as an error. */
    ERROR
  }

  /** @throws IOException when the connection failed: whether the points were stored is unknown */
  Outcome send(Batch batch) throws IOException;

  @Override
  default void close() {}
}
