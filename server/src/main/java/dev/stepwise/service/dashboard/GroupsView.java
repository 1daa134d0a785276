package dev.stepwise.service.dashboard;

import java.util.List;

/**
 * The groups of runs along one axis, over {@code [from, to)} in buckets of {@code bucketWidth}, sorted by their keys
 * (per parameter: numbers before texts, nulls last).
 */
public record GroupsView(
    String metric, GroupAxis axis, List<String> groupBy, long from, long to, long bucketWidth, List<GroupView> groups) {
  public GroupsView {
    groupBy = List.copyOf(groupBy);
    groups = List.copyOf(groups);
  }
}
