package dev.stepwise.model.experiments;

/** The kinds of {@link Entity}, with the words the API and its ARNs use for each. */
public enum EntityKind {
  EXPERIMENT("Experiment", "experiment"),
  TRIAL("Trial", "experiment-trial"),
  TRIAL_COMPONENT("TrialComponent", "experiment-trial-component"),
  ARTIFACT("Artifact", "artifact");

  private final String title;
  private final String arnType;

  EntityKind(String title, String arnType) {
    this.title = title;
    this.arnType = arnType;
  }

  /** As error messages name it: "Experiment", "TrialComponent". */
  public String title() {
    return title;
  }

  /** The resource type of its ARNs. */
  public String arnType() {
    return arnType;
  }
}
