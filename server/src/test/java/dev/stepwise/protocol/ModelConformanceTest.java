package dev.stepwise.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.model.Period;
import dev.stepwise.model.PutErrorCode;
import dev.stepwise.model.QueryStatus;
import dev.stepwise.model.XAxisType;
import dev.stepwise.stats.Stat;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/** Our limits, patterns and enums, checked against the API model file itself (a copy in test resources). */
class ModelConformanceTest {
  static Map<String, Object> shapes;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void readModel() throws IOException {
    try (InputStream in = ModelConformanceTest.class.getResourceAsStream("/model/sagemaker-metrics-2022-09-30.json");
        JsonParser p = new JsonFactory().createParser(ObjectReadContext.empty(), in)) {
      p.nextToken();
      Map<String, Object> model = (Map<String, Object>) tree(p);
      shapes = (Map<String, Object>) model.get("shapes");
    }
  }

  /** A tiny tree reader: objects to maps, arrays to lists, scalars to their values. */
  static Object tree(JsonParser p) {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          p.nextToken();
          map.put(name, tree(p));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(tree(p));
        }
        return list;
      }
      case VALUE_NUMBER_INT -> {
        return p.getLongValue();
      }
      default -> {
        return p.getString();
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> shape(String name) {
    return (Map<String, Object>) shapes.get(name);
  }

  static List<String> names(Enum<?>[] constants) {
    return Arrays.stream(constants).map(Enum::name).toList();
  }

  @Test
  void listLimits() {
    assertThat(shape("RawMetricDataList")).containsEntry("min", (long) ModelConstraints.METRIC_DATA_MIN)
        .containsEntry("max", (long) ModelConstraints.METRIC_DATA_MAX);
    assertThat(shape("MetricQueryList")).containsEntry("min", (long) ModelConstraints.METRIC_QUERIES_MIN)
        .containsEntry("max", (long) ModelConstraints.METRIC_QUERIES_MAX);
  }

  @Test
  void stringConstraints() {
    assertThat(shape("ExperimentEntityName"))
        .containsEntry("min", (long) ModelConstraints.TRIAL_COMPONENT_NAME_MIN)
        .containsEntry("max", (long) ModelConstraints.TRIAL_COMPONENT_NAME_MAX)
        .containsEntry("pattern", ModelConstraints.TRIAL_COMPONENT_NAME_PATTERN);
    assertThat(shape("MetricName"))
        .containsEntry("min", (long) ModelConstraints.METRIC_NAME_MIN)
        .containsEntry("max", (long) ModelConstraints.METRIC_NAME_MAX)
        .containsEntry("pattern", ModelConstraints.METRIC_NAME_PATTERN);
    assertThat(shape("SageMakerResourceArn"))
        .containsEntry("max", (long) ModelConstraints.RESOURCE_ARN_MAX)
        .containsEntry("pattern", ModelConstraints.RESOURCE_ARN_PATTERN);
    assertThat(shape("Message")).containsEntry("max", (long) ModelConstraints.MESSAGE_MAX);
  }

  @Test
  void enumsHoldExactlyTheModelsValues() {
    assertThat(shape("MetricStatistic").get("enum")).isEqualTo(names(Stat.values()));
    assertThat(shape("Period").get("enum")).isEqualTo(names(Period.values()));
    assertThat(shape("XAxisType").get("enum")).isEqualTo(names(XAxisType.values()));
    assertThat(shape("PutMetricsErrorCode").get("enum")).isEqualTo(names(PutErrorCode.values()));
    assertThat(shape("MetricQueryResultStatus").get("enum")).isEqualTo(names(QueryStatus.values()));
  }

  @Test
  void stepIsANonNegativeIntegerAndStartEndAreLongs() {
    assertThat(shape("Step")).containsEntry("type", "integer").containsEntry("min", 0L);
    assertThat(shape("Long")).containsEntry("type", "long");
    assertThat(shape("Timestamp")).containsEntry("type", "timestamp");
  }

  @Test
  @SuppressWarnings("unchecked")
  void requiredMembers() {
    assertThat((List<String>) shape("BatchPutMetricsRequest").get("required"))
        .containsExactly("TrialComponentName", "MetricData");
    assertThat((List<String>) shape("MetricQuery").get("required"))
        .containsExactly("MetricName", "ResourceArn", "MetricStat", "Period", "XAxisType");
    assertThat((List<String>) shape("RawMetricData").get("required")).containsExactly("MetricName", "Timestamp", "Value");
  }
}
