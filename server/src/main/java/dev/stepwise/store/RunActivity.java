package dev.stepwise.store;

/**
 * What the trial components of one experiment (those in any of its trials, each once), or those in no trial, come
 * to: how many there are and when they last changed. The experiments page lists this beside each experiment.
 *
 * @param experimentKey the experiment's key, or null for the trial components that belong to no trial
 * @param lastModifiedMs the latest {@code lastModifiedTime} among the trial components
 * @param lastPointMs the latest point timestamp among their metrics, as their metric summaries report it (every
 *     point the series have held); null when none of them has a point
 */
public record RunActivity(String experimentKey, long runCount, long lastModifiedMs, Long lastPointMs) {
  public RunActivity {
    if (runCount < 1) {
      throw new IllegalArgumentException("runCount " + runCount + " < 1: an activity is of some trial components");
    }
  }

  /** The later of the two times. */
  public long lastActivityMs() {
    return lastPointMs == null ? lastModifiedMs : Math.max(lastModifiedMs, lastPointMs);
  }
}
