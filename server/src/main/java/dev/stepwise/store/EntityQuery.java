package dev.stepwise.store;

import dev.stepwise.model.experiments.EntityKind;
import java.util.Objects;

/**
 * One page of a listing: the entities of a kind within a scope, created within a window, ordered by name or by
 * creation time (then name), starting after a cursor. The order keys never change, so paging by cursor neither
 * skips nor repeats an entity whatever is written between pages.
 *
 * @param createdAfterMs, createdBeforeMs exclusive bounds, or null
 * @param sourceArn only trial components with this source ARN, or null
 * @param after the last entity of the previous page, or null for the first page
 */
public record EntityQuery(
    EntityKind kind, Scope scope, Long createdAfterMs, Long createdBeforeMs, String sourceArn, Order order,
    boolean descending, Cursor after, int limit) {
  public enum Order {
    NAME,
    CREATION_TIME
  }

  /** Where a page ended: its last entity's creation time and key. */
  public record Cursor(long creationTimeMs, String key) {
    public Cursor {
      Objects.requireNonNull(key, "key");
    }
  }

  public EntityQuery {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(order, "order");
    if (limit < 1) {
      throw new IllegalArgumentException("limit " + limit + " < 1");
    }
  }
}
