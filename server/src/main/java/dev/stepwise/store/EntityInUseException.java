package dev.stepwise.store;

import dev.stepwise.model.experiments.EntityKind;

/** A deletion refused because other entities still refer to the entity (see {@link ExperimentStore#delete}). */
public final class EntityInUseException extends EntityStateException {
  public EntityInUseException(EntityKind kind, String key) {
    super(kind.title() + " " + key + " is in use", kind, key);
  }
}
