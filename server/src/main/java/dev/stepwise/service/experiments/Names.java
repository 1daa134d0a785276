package dev.stepwise.service.experiments;

import dev.stepwise.model.experiments.Artifact;
import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;

/** An entity's names as the API shows them, and values echoed in messages safely. */
final class Names {
  private static final int MAX_ECHOED = 200;

  private Names() {}

  static String name(Entity entity) {
    return switch (entity) {
      case Experiment e -> e.name();
      case Trial t -> t.name();
      case TrialComponent c -> c.name();
      case Artifact a -> a.name() == null ? a.id() : a.name();
    };
  }

  /** SageMaker shows the name where no display name was given. */
  static String displayName(Entity entity) {
    String displayName = switch (entity) {
      case Experiment e -> e.displayName();
      case Trial t -> t.displayName();
      case TrialComponent c -> c.displayName();
      case Artifact a -> a.name();
    };
    return displayName == null ? name(entity) : displayName;
  }

  /** A value for a message: cut short, control characters replaced. */
  static String echo(String value) {
    String cut = value.length() > MAX_ECHOED ? value.substring(0, MAX_ECHOED) + "..." : value;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
