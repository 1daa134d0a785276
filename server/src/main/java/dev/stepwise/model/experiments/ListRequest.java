package dev.stepwise.model.experiments;

import java.util.Objects;

/**
 * What the three {@code List...} operations share: a creation window, the order, and the page.
 *
 * @param createdAfterMs, createdBeforeMs, maxResults, nextToken may be null
 * @param filter the operation's own filters (e.g. {@link TrialRequests.ListFilter}), or null
 */
public record ListRequest<F>(
    F filter, Long createdAfterMs, Long createdBeforeMs, SortBy sortBy, boolean descending, Integer maxResults,
    String nextToken) {
  /** {@code SortExperimentsBy}, {@code SortTrialsBy}, {@code SortTrialComponentsBy}. */
  public enum SortBy {
    Name,
    CreationTime
  }

  public ListRequest {
    Objects.requireNonNull(sortBy, "sortBy");
  }
}
