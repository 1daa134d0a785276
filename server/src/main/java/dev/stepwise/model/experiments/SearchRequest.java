package dev.stepwise.model.experiments;

import java.util.List;
import java.util.Objects;

/**
 * {@code Search}, decoded and within the model's constraints.
 *
 * @param resource one of the model's {@code ResourceType} values (the service answers three of them)
 * @param expression null for every record of the resource
 * @param sortBy a property name, or null for the default order
 * @param descending {@code SortOrder}: null when the request leaves it to the default
 * @param maxResults, nextToken may be null
 */
public record SearchRequest(
    String resource, Expression expression, String sortBy, Boolean descending, Integer maxResults,
    String nextToken) {
  public SearchRequest {
    Objects.requireNonNull(resource, "resource");
  }

  /** {@code BooleanOperator}. */
  public enum BooleanOperator {
    And,
    Or
  }

  /** {@code Operator}, the comparison of a filter. */
  public enum Operator {
    Equals,
    NotEquals,
    GreaterThan,
    GreaterThanOrEqualTo,
    LessThan,
    LessThanOrEqualTo,
    Contains,
    Exists,
    NotExists,
    In
  }

  /**
   * {@code SearchExpression}: its filters, nested filters and sub-expressions combined by one operator (And when
   * absent).
   */
  public record Expression(
      List<Filter> filters, List<NestedFilter> nestedFilters, List<Expression> subExpressions,
      BooleanOperator operator) {
    public Expression {
      filters = List.copyOf(filters);
      nestedFilters = List.copyOf(nestedFilters);
      subExpressions = List.copyOf(subExpressions);
      Objects.requireNonNull(operator, "operator");
    }
  }

  /** {@code Filter}; value may be null (Exists, NotExists). Operator defaults to Equals. */
  public record Filter(String name, Operator operator, String value) {
    public Filter {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(operator, "operator");
    }
  }

  /** {@code NestedFilters}: the filters must all hold for one element of a list property (Parents). */
  public record NestedFilter(String nestedPropertyName, List<Filter> filters) {
    public NestedFilter {
      Objects.requireNonNull(nestedPropertyName, "nestedPropertyName");
      filters = List.copyOf(filters);
    }
  }
}
