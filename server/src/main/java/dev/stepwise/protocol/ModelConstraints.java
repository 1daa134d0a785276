package dev.stepwise.protocol;

import java.util.regex.Pattern;

/**
 * The constraints of the API model ({@code sagemaker-metrics-2022-09-30}) that the envelope must satisfy. A test
 * reads the model file and checks every value here against it.
 */
public final class ModelConstraints {
  public static final int METRIC_DATA_MIN = 1;
  public static final int METRIC_DATA_MAX = 10;
  public static final int METRIC_QUERIES_MIN = 1;
  public static final int METRIC_QUERIES_MAX = 100;

  public static final int TRIAL_COMPONENT_NAME_MIN = 1;
  public static final int TRIAL_COMPONENT_NAME_MAX = 120;
  public static final String TRIAL_COMPONENT_NAME_PATTERN = "^[a-z0-9](-*[a-z0-9]){0,119}";

  public static final int METRIC_NAME_MIN = 1;
  public static final int METRIC_NAME_MAX = 255;
  public static final String METRIC_NAME_PATTERN = ".+";

  public static final int RESOURCE_ARN_MAX = 2048;
  public static final String RESOURCE_ARN_PATTERN = "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-].*/.*";

  public static final int MESSAGE_MAX = 2048;

  // The model's patterns are matched against the whole value, as AWS's validators do (Matcher.matches).
  static final Pattern TRIAL_COMPONENT_NAME = Pattern.compile(TRIAL_COMPONENT_NAME_PATTERN);
  static final Pattern METRIC_NAME = Pattern.compile(METRIC_NAME_PATTERN);
  static final Pattern RESOURCE_ARN = Pattern.compile(RESOURCE_ARN_PATTERN);

  private ModelConstraints() {}
}
