package dev.stepwise.model.experiments;

import java.util.List;

/**
 * One page of {@code Search}: its records, the token of the next page (null on the last), and how many records
 * matched in all ({@code TotalHits}, exact).
 */
public record SearchResults(List<SearchRecord> records, String nextToken, long totalHits) {
  public SearchResults {
    records = List.copyOf(records);
  }
}
