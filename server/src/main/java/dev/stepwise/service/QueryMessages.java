package dev.stepwise.service;

import dev.stepwise.model.Period;
import dev.stepwise.model.XAxisType;

/**
 * The {@code Message} texts of per-query results. The model caps a {@code Message} at 2048 characters and an ARN
 * may be that long itself, so values the client chose are abbreviated to 200 characters.
 */
final class QueryMessages {
  private static final int MAX_QUOTED = 200;

  private QueryMessages() {}

  /** {@code returned} is the bucket limit, or a little less when a cut at the limit would split a step. */
  static String truncated(int returned, long nextStart) {
    return "Result truncated to " + returned + " buckets; repeat the query with Start=" + nextStart
        + " to continue.";
  }

  static String notSageMakerArn(String arn) {
    return "ResourceArn '" + abbreviate(arn) + "' is not a SageMaker resource ARN.";
  }

  static String unsupportedResource(ResourceArn arn) {
    if (arn.resourceName().isEmpty()) {
      return "ResourceArn '" + abbreviate(arn.resourceType()) + "/' names no resource.";
    }
    return "Resource type '" + abbreviate(arn.resourceType()) + "' is not supported; ResourceArn must name an "
        + ResourceArn.TRIAL_COMPONENT + " or a " + ResourceArn.TRAINING_JOB + ".";
  }

  static String timePeriodOnStepAxis(Period period) {
    return "Period " + period + " cannot be used with XAxisType IterationNumber; use Period IterationNumber or"
        + " XAxisType Timestamp.";
  }

  static String startAfterEnd(long start, long end) {
    return "Start " + start + " is greater than End " + end + ".";
  }

  private static String abbreviate(String value) {
    if (value.length() <= MAX_QUOTED) {
      return value;
    }
    int cut = Character.isHighSurrogate(value.charAt(MAX_QUOTED - 1)) ? MAX_QUOTED - 1 : MAX_QUOTED;
    return value.substring(0, cut) + "...";
  }
}
