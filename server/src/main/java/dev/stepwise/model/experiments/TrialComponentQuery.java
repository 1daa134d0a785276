package dev.stepwise.model.experiments;

/**
 * A search of the runs (trial components) of one experiment, or of those in no trial, as the dashboard's runs table
 * asks for them: filtered by a {@code SearchExpression} and ordered by a property exactly as {@code Search} filters
 * and orders.
 *
 * @param experimentName the experiment (any case) whose trials' trial components are searched; null for the trial
 *     components that belong to no trial
 * @param expression null for every one of them
 * @param sortBy a searchable property of {@code ExperimentTrialComponent}; null for {@code CreationTime}
 * @param descending null for descending
 */
public record TrialComponentQuery(
    String experimentName, SearchRequest.Expression expression, String sortBy, Boolean descending) {
  public static final String DEFAULT_SORT = "CreationTime";

  public String sortProperty() {
    return sortBy == null ? DEFAULT_SORT : sortBy;
  }

  public boolean isDescending() {
    return descending == null || descending;
  }
}
