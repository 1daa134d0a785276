package dev.stepwise.model;

/** What the x values of a result are, named as the API's {@code XAxisType} enum spells them. */
public enum XAxisType {
  IterationNumber,
  Timestamp
}
