package dev.stepwise.store;

import java.util.Objects;

/** Which entities of a kind a listing or a search looks at. Keys are {@code Entity.key()}s. */
public sealed interface Scope {
  /** Every entity of the kind in the partition. */
  record All() implements Scope {}

  /** The one entity with this key (none when it does not exist). */
  record Only(String key) implements Scope {
    public Only {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Trials of the experiment; trial components that belong to a trial of the experiment. */
  record InExperiment(String experimentKey) implements Scope {
    public InExperiment {
      Objects.requireNonNull(experimentKey, "experimentKey");
    }
  }

  /** Trial components that belong to the trial. */
  record InTrial(String trialKey) implements Scope {
    public InTrial {
      Objects.requireNonNull(trialKey, "trialKey");
    }
  }

  /** Trials that the trial component belongs to. */
  record HoldingComponent(String trialComponentKey) implements Scope {
    public HoldingComponent {
      Objects.requireNonNull(trialComponentKey, "trialComponentKey");
    }
  }

  /**
   * Trial components that belong to no trial (the dashboard's "Unassigned"); for other kinds, none: only trial
   * components belong to trials.
   */
  record InNoTrial() implements Scope {}

  Scope ALL = new All();

  Scope IN_NO_TRIAL = new InNoTrial();
}
