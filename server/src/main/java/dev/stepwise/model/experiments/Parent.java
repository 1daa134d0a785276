package dev.stepwise.model.experiments;

import java.util.Objects;

/** One trial a trial component belongs to, with that trial's experiment. */
public record Parent(String trialName, String experimentName) {
  public Parent {
    Objects.requireNonNull(trialName, "trialName");
    Objects.requireNonNull(experimentName, "experimentName");
  }
}
