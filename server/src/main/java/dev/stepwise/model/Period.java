package dev.stepwise.model;

/** Bucket widths, named as the API's {@code Period} enum spells them. */
public enum Period {
  OneMinute(60_000L),
  FiveMinute(300_000L),
  OneHour(3_600_000L),
  /** One bucket per step. */
  IterationNumber(0L);

  private final long millis;

  Period(long millis) {
    this.millis = millis;
  }

  public boolean isTime() {
    return this != IterationNumber;
  }

  /** The width in milliseconds of a time period. */
  public long millis() {
    if (!isTime()) {
      throw new IllegalStateException(this + " is not a time period");
    }
    return millis;
  }
}
