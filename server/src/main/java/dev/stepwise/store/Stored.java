package dev.stepwise.store;

import dev.stepwise.model.experiments.Entity;
import java.util.Objects;

/** An entity as read, with the version that a {@link ExperimentStore#replace} of it must still find. */
public record Stored(Entity entity, long version) {
  public Stored {
    Objects.requireNonNull(entity, "entity");
  }
}
