package dev.stepwise.service.experiments;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.SearchRequest.BooleanOperator;
import dev.stepwise.model.experiments.SearchRequest.Expression;
import dev.stepwise.model.experiments.SearchRequest.Filter;
import dev.stepwise.model.experiments.SearchRequest.NestedFilter;
import dev.stepwise.model.experiments.SearchRequest.Operator;
import dev.stepwise.store.Scope;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@code Search} request compiled once: the predicate its expression makes, the order its sort makes, the narrowest
 * scope its top-level equalities allow (the store reads only those candidates; the predicate still decides), and
 * what the rows must carry for both.
 *
 * <p>Where AWS documents nothing: names (of experiments, trials, trial components, and Parents') compare regardless
 * of case, as the names themselves are unique regardless of case; other text compares exactly. A parameter compares
 * as a number when it holds one and the filter's value is one, else as text. {@code NotEquals} and {@code NotExists}
 * hold for a record that lacks the property; the other operators need it. {@code In} takes a comma-separated list.
 * Times are epoch seconds or ISO-8601 instants. Records lacking the sort property come last in either order; ties go
 * by name.
 */
final class SearchPlan {
  private final EntityKind kind;
  private final Predicate<SearchRow> predicate;
  private final SearchProperty sortProperty;
  private final boolean descending;
  private final Scope scope;
  private boolean needsDocuments;
  private boolean needsParents;
  private boolean needsMembers;
  private final Set<String> metrics = new LinkedHashSet<>();

  /** @param fixed the scope to search, or null for the narrowest that the expression allows */
  private SearchPlan(EntityKind kind, Scope fixed, Expression expression, String sortBy, boolean descending) {
    this.kind = kind;
    Anchor anchor = fixed != null ? new Anchor(fixed, null)
        : expression == null ? new Anchor(Scope.ALL, null) : narrowest(expression);
    // The part that gave the scope holds for every candidate of the scope: it need not be tested again (and testing
    // a Parents filter would read every candidate's parents).
    this.predicate = expression == null ? row -> true : compile(expression, anchor.part());
    this.sortProperty = property(sortBy);
    this.descending = descending;
    this.scope = anchor.scope();
  }

  static SearchPlan compile(EntityKind kind, Expression expression, String sortBy, boolean descending) {
    return new SearchPlan(kind, null, expression, sortBy, descending);
  }

  /** A search within the given scope only: the whole expression filters its candidates. */
  static SearchPlan within(Scope scope, EntityKind kind, Expression expression, String sortBy, boolean descending) {
    return new SearchPlan(kind, scope, expression, sortBy, descending);
  }

  Scope scope() {
    return scope;
  }

  boolean needsDocuments() {
    return needsDocuments;
  }

  boolean needsParents() {
    return needsParents;
  }

  boolean needsMembers() {
    return needsMembers;
  }

  Set<String> metrics() {
    return metrics;
  }

  boolean matches(SearchRow row) {
    return predicate.test(row);
  }

  /**
   * Sorts the rows: each row's sort value is computed once (a comparison sort would compute it twice per comparison,
   * and a search may hold tens of thousands of rows).
   */
  void sort(List<SearchRow> rows) {
    record Keyed(SearchRow row, Object value) {}
    List<Keyed> keyed = new java.util.ArrayList<>(rows.size());
    for (SearchRow row : rows) {
      List<Object> values = sortProperty.values().apply(row);
      keyed.add(new Keyed(row, values.isEmpty() ? null : values.getFirst()));
    }
    Comparator<Object> values = (a, b) -> compareSortValues(sortProperty, a, b);
    keyed.sort((a, b) -> {
      if (a.value() == null || b.value() == null) {
        int missing = Boolean.compare(a.value() == null, b.value() == null);
        return missing != 0 ? missing : a.row().key().compareTo(b.row().key());
      }
      int c = values.compare(a.value(), b.value());
      if (descending) {
        c = -c;
      }
      return c != 0 ? c : a.row().key().compareTo(b.row().key());
    });
    for (int i = 0; i < keyed.size(); i++) {
      rows.set(i, keyed.get(i).row());
    }
  }

  private SearchProperty property(String name) {
    SearchProperty property = SearchProperty.of(kind, name);
    needsDocuments |= property.needsDocument();
    needsParents |= property.needsParents();
    needsMembers |= property.needsMembers();
    if (property.metric() != null) {
      metrics.add(property.metric());
    }
    return property;
  }

  /** @param implied a part of this expression that holds for every candidate (by identity), or null */
  private Predicate<SearchRow> compile(Expression expression, Object implied) {
    List<Predicate<SearchRow>> parts = new ArrayList<>();
    expression.filters().stream().filter(f -> f != implied).forEach(filter -> parts.add(filter(filter)));
    expression.nestedFilters().stream().filter(n -> n != implied).forEach(nested -> parts.add(nested(nested)));
    expression.subExpressions().forEach(sub -> parts.add(compile(sub, null)));
    if (parts.isEmpty()) {
      return row -> true;
    }
    return expression.operator() == BooleanOperator.Or
        ? row -> parts.stream().anyMatch(part -> part.test(row))
        : row -> parts.stream().allMatch(part -> part.test(row));
  }

  /** All the filters must hold for one element of the list property (only Parents is one, here). */
  private Predicate<SearchRow> nested(NestedFilter nested) {
    if (kind != EntityKind.TRIAL_COMPONENT || !nested.nestedPropertyName().equals("Parents")) {
      throw new ApiException(ErrorCode.ValidationException, "NestedPropertyName '"
          + Names.echo(nested.nestedPropertyName()) + "' is not a list property of "
          + SearchProperty.resourceName(kind) + "; the one there is: Parents (of ExperimentTrialComponent).");
    }
    List<Predicate<SearchRow>> filters = new ArrayList<>();
    for (Filter filter : nested.filters()) {
      if (!filter.name().startsWith("Parents.")) {
        throw new ApiException(ErrorCode.ValidationException, "A filter nested in Parents names a property of"
            + " Parents (Parents.TrialName, Parents.ExperimentName), not '" + Names.echo(filter.name()) + "'.");
      }
      filters.add(filter(filter));
    }
    return row -> row.parents().stream().anyMatch(parent -> {
      SearchRow one = row.withParents(List.of(parent));
      return filters.stream().allMatch(f -> f.test(one));
    });
  }

  private Predicate<SearchRow> filter(Filter filter) {
    SearchProperty property = property(filter.name());
    Operator operator = filter.operator();
    if (operator == Operator.Exists) {
      return row -> !property.values().apply(row).isEmpty();
    }
    if (operator == Operator.NotExists) {
      return row -> property.values().apply(row).isEmpty();
    }
    if (filter.value() == null) {
      throw new ApiException(ErrorCode.ValidationException,
          "The filter on '" + Names.echo(filter.name()) + "' with operator " + operator + " needs a Value.");
    }
    if (operator == Operator.In) {
      List<Object> wanted = new ArrayList<>();
      for (String item : filter.value().split(",")) {
        wanted.add(operand(property, item.strip(), filter));
      }
      return row -> property.values().apply(row).stream().anyMatch(v -> wanted.stream().anyMatch(w -> equal(property, v, w)));
    }
    Object operand = operand(property, filter.value(), filter);
    return switch (operator) {
      case Equals -> row -> property.values().apply(row).stream().anyMatch(v -> equal(property, v, operand));
      case NotEquals -> row -> property.values().apply(row).stream().noneMatch(v -> equal(property, v, operand));
      case Contains -> row -> property.values().apply(row).stream().anyMatch(v -> contains(property, v, operand));
      case GreaterThan -> ordered(property, operand, c -> c > 0);
      case GreaterThanOrEqualTo -> ordered(property, operand, c -> c >= 0);
      case LessThan -> ordered(property, operand, c -> c < 0);
      case LessThanOrEqualTo -> ordered(property, operand, c -> c <= 0);
      default -> throw new IllegalStateException("operator " + operator + " handled above");
    };
  }

  @FunctionalInterface
  private interface Outcome {
    boolean test(int comparison);
  }

  private static Predicate<SearchRow> ordered(SearchProperty property, Object operand, Outcome outcome) {
    return row -> property.values().apply(row).stream().anyMatch(v -> {
      Integer c = compare(property, v, operand);
      return c != null && outcome.test(c);
    });
  }

  /**
   * The filter's value as the property's values are: a number, a time in milliseconds, or a text (lower case for
   * names). A parameter's operand keeps both readings.
   */
  private static Object operand(SearchProperty property, String value, Filter filter) {
    return switch (property.type()) {
      case NAME -> value.toLowerCase(Locale.ROOT);
      case TEXT -> value;
      case NUMBER -> {
        Double number = number(value);
        if (number == null) {
          throw badValue(filter, "a number");
        }
        yield number;
      }
      case TIME -> {
        Long time = time(value);
        if (time == null) {
          throw badValue(filter, "a time (epoch seconds, or ISO-8601 such as 2026-01-02T03:04:05Z)");
        }
        yield time;
      }
      case PARAMETER -> new ParameterOperand(value, number(value));
    };
  }

  /** A parameter filter's value: compared as a number with a number parameter, as text with a text parameter. */
  private record ParameterOperand(String text, Double number) {}

  private static ApiException badValue(Filter filter, String expected) {
    return new ApiException(ErrorCode.ValidationException, "The Value '" + Names.echo(filter.value())
        + "' of the filter on '" + Names.echo(filter.name()) + "' must be " + expected + ".");
  }

  private static Double number(String value) {
    try {
      double d = Double.parseDouble(value.strip());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long time(String value) {
    try {
      return new BigDecimal(value.strip()).movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      try {
        return Instant.parse(value.strip()).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException notInstant) {
        return null;
      }
    }
  }

  private static boolean equal(SearchProperty property, Object value, Object operand) {
    Integer c = compare(property, value, operand);
    return c != null && c == 0;
  }

  private static boolean contains(SearchProperty property, Object value, Object operand) {
    if (operand instanceof ParameterOperand p) {
      return value instanceof String s && s.contains(p.text());
    }
    if (!(value instanceof String s) || !(operand instanceof String o)) {
      return false;
    }
    return property.type() == SearchProperty.Type.NAME ? s.toLowerCase(Locale.ROOT).contains(o) : s.contains(o);
  }

  /** Null when the two do not compare (a text parameter against a number, say). */
  private static Integer compare(SearchProperty property, Object value, Object operand) {
    if (operand instanceof ParameterOperand p) {
      if (value instanceof Double d) {
        return p.number() == null ? null : Double.compare(d, p.number());
      }
      return ((String) value).compareTo(p.text());
    }
    return switch (property.type()) {
      case NAME -> ((String) value).toLowerCase(Locale.ROOT).compareTo((String) operand);
      case TEXT -> ((String) value).compareTo((String) operand);
      case NUMBER -> Double.compare((Double) value, (Double) operand);
      case TIME -> Long.compare((Long) value, (Long) operand);
      case PARAMETER -> throw new IllegalStateException("a parameter's operand is a ParameterOperand");
    };
  }

  /** Numbers before texts (a parameter may hold either), each in its own order. */
  private static int compareSortValues(SearchProperty property, Object a, Object b) {
    if (a instanceof Double x && b instanceof Double y) {
      return Double.compare(x, y);
    }
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof String x && b instanceof String y) {
      return property.type() == SearchProperty.Type.NAME
          ? x.toLowerCase(Locale.ROOT).compareTo(y.toLowerCase(Locale.ROOT))
          : x.compareTo(y);
    }
    return a instanceof Double ? -1 : 1;
  }

  /**
   * The narrowest scope that top-level equalities allow: a name, a trial, an experiment. Only an expression whose
   * parts all must hold (And, or a single part) can narrow.
   */
  /** A scope and the part of the expression (a filter, or a nested filter of one filter) it comes from. */
  private record Anchor(Scope scope, Object part) {}

  private Anchor narrowest(Expression expression) {
    int parts = expression.filters().size() + expression.nestedFilters().size() + expression.subExpressions().size();
    if (expression.operator() == BooleanOperator.Or && parts > 1) {
      return new Anchor(Scope.ALL, null);
    }
    Anchor best = new Anchor(Scope.ALL, null);
    java.util.Map<Filter, Object> equalities = new java.util.IdentityHashMap<>();
    expression.filters().forEach(filter -> equalities.put(filter, filter));
    for (NestedFilter nested : expression.nestedFilters()) {
      if (nested.filters().size() == 1) {
        // One filter in Parents is the same as that filter on the record.
        equalities.put(nested.filters().getFirst(), nested);
      }
    }
    for (java.util.Map.Entry<Filter, Object> entry : equalities.entrySet()) {
      Filter filter = entry.getKey();
      if (filter.operator() != Operator.Equals || filter.value() == null) {
        continue;
      }
      String key = Entity.keyOf(filter.value());
      Scope candidate = switch (kind) {
        case TRIAL_COMPONENT -> switch (filter.name()) {
          case "TrialComponentName" -> new Scope.Only(key);
          case "Parents.TrialName" -> new Scope.InTrial(key);
          case "Parents.ExperimentName" -> new Scope.InExperiment(key);
          default -> null;
        };
        case TRIAL -> switch (filter.name()) {
          case "TrialName" -> new Scope.Only(key);
          case "ExperimentName" -> new Scope.InExperiment(key);
          default -> null;
        };
        case EXPERIMENT -> filter.name().equals("ExperimentName") ? new Scope.Only(key) : null;
        case ARTIFACT -> null;
      };
      if (candidate != null && rank(candidate) > rank(best.scope())) {
        best = new Anchor(candidate, entry.getValue());
      }
    }
    return best;
  }

  private static int rank(Scope scope) {
    return switch (scope) {
      case Scope.All all -> 0;
      case Scope.InNoTrial none -> 1;
      case Scope.InExperiment in -> 1;
      case Scope.HoldingComponent holding -> 1;
      case Scope.InTrial in -> 2;
      case Scope.Only only -> 3;
    };
  }
}
