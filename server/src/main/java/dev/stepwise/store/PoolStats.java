package dev.stepwise.store;

/**
 * A store's connection pool now, for the server's own metrics.
 *
 * @param active connections lent out
 * @param idle connections waiting to be lent
 * @param max the pool's size
 */
public record PoolStats(int active, int idle, int max) {
  /** A store without a pool. */
  public static final PoolStats NONE = new PoolStats(0, 0, 0);
}
