package dev.stepwise.store;

import dev.stepwise.model.experiments.EntityKind;

/**
 * A control-plane write refused by the state of the store rather than by a failure of it: the entity it needs is
 * missing, or others still refer to the one it would delete. Nothing was written.
 */
public abstract sealed class EntityStateException extends RuntimeException
    permits EntityNotFoundException, EntityInUseException {
  private final EntityKind kind;
  private final String key;

  EntityStateException(String message, EntityKind kind, String key) {
    super(message, null, false, false);
    this.kind = kind;
    this.key = key;
  }

  public EntityKind kind() {
    return kind;
  }

  public String key() {
    return key;
  }
}
