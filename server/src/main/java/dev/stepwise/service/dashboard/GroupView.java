package dev.stepwise.service.dashboard;

import dev.stepwise.model.experiments.ParameterValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One group of runs: its value of each group-by parameter (null where its runs lack it), its runs' names, and its
 * curve.
 */
public record GroupView(List<ParameterValue> key, List<String> runNames, GroupCurve curve) {
  public GroupView {
    key = Collections.unmodifiableList(new ArrayList<>(key));
    runNames = List.copyOf(runNames);
    Objects.requireNonNull(curve, "curve");
  }

  public int runCount() {
    return runNames.size();
  }
}
