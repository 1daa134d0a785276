package dev.stepwise.model.experiments;

import java.util.Objects;

/**
 * What created an entity (a training or processing job, say): {@code ExperimentSource}, {@code TrialSource} and
 * {@code TrialComponentSource} of the API. SageMaker sets it for the entities its jobs create; clients cannot.
 *
 * @param type may be null
 */
public record Source(String arn, String type) {
  public Source {
    Objects.requireNonNull(arn, "arn");
  }
}
