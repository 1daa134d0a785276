package dev.stepwise.store;

import dev.stepwise.model.experiments.EntityKind;

/** The entity an operation needs does not exist. */
public final class EntityNotFoundException extends EntityStateException {
  public EntityNotFoundException(EntityKind kind, String key) {
    super(kind.title() + " " + key + " does not exist", kind, key);
  }
}
