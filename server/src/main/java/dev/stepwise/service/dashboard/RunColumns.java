package dev.stepwise.service.dashboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Some columns of every run of a search, for the scatter and parallel-coordinates views: the runs' names in the
 * search's order, and per column (in the order asked) one value per run, null where the run has none. A value is a
 * {@code Double} (a number parameter, a metric statistic), a {@code String} (a text parameter, a status) or a
 * {@code Long} (times and durations in milliseconds).
 */
public record RunColumns(List<String> names, Map<String, List<Object>> columns) {
  public RunColumns {
    names = List.copyOf(names);
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }
}
