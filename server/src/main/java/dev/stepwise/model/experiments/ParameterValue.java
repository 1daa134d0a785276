package dev.stepwise.model.experiments;

/**
 * A hyperparameter: a string or a number ({@code TrialComponentParameterValue}), exactly one of the two.
 */
public record ParameterValue(String stringValue, Double numberValue) {
  public ParameterValue {
    if ((stringValue == null) == (numberValue == null)) {
      throw new IllegalArgumentException("a parameter is a string or a number, exactly one of the two");
    }
  }

  public static ParameterValue of(String value) {
    return new ParameterValue(value, null);
  }

  public static ParameterValue of(double value) {
    return new ParameterValue(null, value);
  }

  public boolean isNumber() {
    return numberValue != null;
  }
}
