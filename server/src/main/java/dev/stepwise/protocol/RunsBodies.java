package dev.stepwise.protocol;

import dev.stepwise.model.experiments.SearchRequest;
import dev.stepwise.model.experiments.TrialComponentQuery;
import dev.stepwise.protocol.experiments.ExperimentsCodec;
import dev.stepwise.service.dashboard.GroupAxis;
import dev.stepwise.service.dashboard.GroupsRequest;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;

/**
 * The JSON bodies of the experiments pages' POST calls ({@code docs/ui-api.md}): which runs (an experiment's, or
 * those in no trial), the {@code Search} that filters and orders them (its expression, {@code sortBy} and
 * {@code sortOrder} read by {@code Search}'s own reader, so a bad one gets {@code Search}'s message), and each
 * call's own members. Members it does not know are ignored. Thread-safe.
 *
 * @throws IllegalArgumentException (from every method) for a body that is not a JSON object or has a member of the
 *     wrong type or out of range, with a message for the caller
 */
public final class RunsBodies {
  /** A window of runs ({@code POST /ui/api/runs}). */
  public record RunsRequest(
      String account, String region, TrialComponentQuery query, int offset, int limit, String snapshot) {}

  /** Columns of every run ({@code POST /ui/api/runs/columns}). */
  public record ColumnsRequest(String account, String region, TrialComponentQuery query, List<String> columns) {}

  public static final int MAX_LIMIT = 1_000;
  public static final int DEFAULT_LIMIT = 200;

  private final ExperimentsCodec experiments;

  public RunsBodies(ExperimentsCodec experiments) {
    this.experiments = experiments;
  }

  public RunsRequest runs(byte[] body) {
    Members m = Members.parse(body);
    int offset = m.integer("offset", 0);
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be 0 or more, not " + offset);
    }
    int limit = m.integer("limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
    }
    return new RunsRequest(m.required("account"), m.required("region"), query(m), offset, limit,
        m.string("snapshot"));
  }

  public ColumnsRequest columns(byte[] body) {
    Members m = Members.parse(body);
    return new ColumnsRequest(m.required("account"), m.required("region"), query(m), m.strings("columns"));
  }

  public GroupsRequest groups(byte[] body) {
    Members m = Members.parse(body);
    String axis = m.string("axis") == null ? "step" : m.string("axis");
    GroupAxis groupAxis = switch (axis) {
      case "step" -> GroupAxis.STEP;
      case "relative" -> GroupAxis.RELATIVE;
      default -> throw new IllegalArgumentException("axis must be step or relative, not " + axis);
    };
    Long buckets = m.longValue("buckets");
    if (buckets == null) {
      throw new IllegalArgumentException("buckets is required");
    }
    return new GroupsRequest(m.required("account"), m.required("region"), query(m), m.strings("groupBy"),
        m.string("metric"), groupAxis, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, buckets)),
        m.longValue("from"), m.longValue("to"));
  }

  /** The runs asked for, and the search over them, checked as Search checks its own. */
  private TrialComponentQuery query(Members m) {
    String experiment = m.string("experiment");
    boolean unassigned = Boolean.TRUE.equals(m.bool("unassigned"));
    if ((experiment == null) == !unassigned) {
      throw new IllegalArgumentException("name an experiment, or ask for the runs in no trial with"
          + " \"unassigned\": true (one of the two)");
    }
    SearchRequest search = experiments.trialComponentSearch(m.expression, m.string("sortBy"), m.string("sortOrder"));
    return new TrialComponentQuery(experiment, search.expression(), search.sortBy(), search.descending());
  }

  /** The body's members: scalars, arrays of strings, and the expression as the JSON it was. */
  private static final class Members {
    private final Map<String, Object> values = new HashMap<>();
    private byte[] expression;

    static Members parse(byte[] body) {
      Members members = new Members();
      try (JsonParser p = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException("the body must be a JSON object");
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          JsonToken token = p.nextToken();
          if (token == JsonToken.VALUE_NULL) {
            continue;
          }
          if (name.equals("expression")) {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), copy)) {
              g.copyCurrentStructure(p);
            }
            members.expression = copy.toByteArray();
            continue;
          }
          members.values.put(name, switch (token) {
            case VALUE_STRING -> p.getString();
            case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
            case VALUE_NUMBER_INT -> p.getBigIntegerValue();
            case START_ARRAY -> strings(p, name);
            default -> {
              p.skipChildren();
              yield token; // of a type no member has: refused if the member is read
            }
          });
        }
        if (p.nextToken() != null) {
          throw new IllegalArgumentException("the body has content after its JSON object");
        }
      } catch (JacksonException e) {
        String reason = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst()
            .orElse("malformed");
        throw new IllegalArgumentException("the body is not valid JSON: "
            + (reason.length() > 160 ? reason.substring(0, 160) + "..." : reason));
      }
      return members;
    }

    private static List<String> strings(JsonParser p, String name) {
      List<String> strings = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
          throw new IllegalArgumentException(name + " must be an array of strings");
        }
        strings.add(p.getString());
      }
      return strings;
    }

    private <T> T typed(String name, Class<T> type, String expected) {
      Object value = values.get(name);
      if (value != null && !type.isInstance(value)) {
        throw new IllegalArgumentException(name + " must be " + expected);
      }
      return type.cast(value);
    }

    String string(String name) {
      return typed(name, String.class, "a string");
    }

    String required(String name) {
      String value = string(name);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(name + " is required");
      }
      return value;
    }

    Boolean bool(String name) {
      return typed(name, Boolean.class, "true or false");
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String name) {
      List<String> value = typed(name, List.class, "an array of strings");
      return value == null ? List.of() : value;
    }

    Long longValue(String name) {
      BigInteger value = typed(name, BigInteger.class, "an integer");
      if (value != null && value.bitLength() > 63) {
        throw new IllegalArgumentException(name + " is out of range: " + value);
      }
      return value == null ? null : value.longValue();
    }

    int integer(String name, int absent) {
      Long value = longValue(name);
      if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
        throw new IllegalArgumentException(name + " is out of range: " + value);
      }
      return value == null ? absent : value.intValue();
    }
  }
}
