package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Locale;

/** What the control plane keeps: an experiment, a trial, a trial component or an artifact. */
public sealed interface Entity permits Experiment, Trial, TrialComponent, Artifact {
  EntityKind kind();

  /**
   * What identifies it among the entities of its kind in one account and region: its name in lower case (names are
   * unique regardless of case, and ARNs spell them in lower case), an artifact's id.
   */
  String key();

  long creationTimeMs();

  long lastModifiedTimeMs();

  List<Tag> tags();

  /** The same entity with these tags, modified at {@code nowMs}. */
  Entity withTags(List<Tag> tags, long nowMs);

  /** The key of a name: names of the API are ASCII letters, digits and hyphens, so lower case is well defined. */
  static String keyOf(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
