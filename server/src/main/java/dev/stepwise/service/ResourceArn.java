package dev.stepwise.service;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parts of a SageMaker resource ARN, {@code arn:<partition>:sagemaker:<region>:<account>:<type>/<name>}.
 *
 * @param region may be empty; a query then reads the caller's region
 * @param resourceName everything after the first {@code /} of the resource part; may be empty
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html">ARN format</a>
 */
public record ResourceArn(
    String partition, String region, String account, String resourceType, String resourceName) {
  public static final String TRIAL_COMPONENT = "experiment-trial-component";
  public static final String TRAINING_JOB = "training-job";
  /** SageMaker names the trial component it creates for a training job {@code <job>-aws-training-job}. */
  public static final String TRAINING_JOB_SUFFIX = "-aws-training-job";

  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  public ResourceArn {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceName, "resourceName");
  }

  /**
   * Splits an ARN that matches the model's pattern for {@code SageMakerResourceArn}.
   *
   * @throws IllegalArgumentException when it is not a SageMaker ARN with a 12-digit account and a {@code type/name}
   */
  public static ResourceArn parse(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !parts[0].equals("arn") || !parts[1].startsWith("aws") || !parts[2].equals("sagemaker")) {
      throw new IllegalArgumentException("'" + arn + "' is not a SageMaker ARN");
    }
    if (!ACCOUNT.matcher(parts[4]).matches()) {
      throw new IllegalArgumentException("account '" + parts[4] + "' of '" + arn + "' is not 12 digits");
    }
    int slash = parts[5].indexOf('/');
    if (slash < 1) {
      throw new IllegalArgumentException("resource '" + parts[5] + "' of '" + arn + "' is not <type>/<name>");
    }
    return new ResourceArn(
        parts[1], parts[3], parts[4], parts[5].substring(0, slash), parts[5].substring(slash + 1));
  }

  /**
   * The trial component whose metrics this ARN names, or empty for a resource type that has none. A training job's
   * metrics live in the trial component SageMaker created for it. Trial component names are lowercase, and
   * SageMaker lowercases the job name in the ARN too, so the job name is lowercased here.
   */
  public Optional<String> trialComponentName() {
    if (resourceName.isEmpty()) {
      return Optional.empty();
    }
    return switch (resourceType) {
      case TRIAL_COMPONENT -> Optional.of(resourceName);
      case TRAINING_JOB -> Optional.of(resourceName.toLowerCase(Locale.ROOT) + TRAINING_JOB_SUFFIX);
      default -> Optional.empty();
    };
  }
}
