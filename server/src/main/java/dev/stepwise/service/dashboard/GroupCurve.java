package dev.stepwise.service.dashboard;

import java.util.Arrays;

/**
 * One group's curve: at each bucket where at least one of its runs has a point, the mean, min, max and sample
 * standard deviation (0 for one run) of the runs' values there, and how many runs have one. The arrays are parallel,
 * by ascending x. Owned by the caller: not copied.
 */
public record GroupCurve(long[] x, double[] mean, double[] min, double[] max, double[] stdDev, long[] runs) {
  public GroupCurve {
    int n = x.length;
    if (mean.length != n || min.length != n || max.length != n || stdDev.length != n || runs.length != n) {
      throw new IllegalArgumentException("the arrays of a curve have one length");
    }
  }

  static final GroupCurve EMPTY =
      new GroupCurve(new long[0], new double[0], new double[0], new double[0], new double[0], new long[0]);

  public int size() {
    return x.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GroupCurve c && Arrays.equals(x, c.x) && Arrays.equals(mean, c.mean)
        && Arrays.equals(min, c.min) && Arrays.equals(max, c.max) && Arrays.equals(stdDev, c.stdDev)
        && Arrays.equals(runs, c.runs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(x) * 31 + Arrays.hashCode(mean);
  }

  @Override
  public String toString() {
    return "GroupCurve[x=" + Arrays.toString(x) + ", mean=" + Arrays.toString(mean) + ", runs="
        + Arrays.toString(runs) + "]";
  }
}
