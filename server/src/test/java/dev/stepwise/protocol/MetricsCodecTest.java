package dev.stepwise.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.model.MetricQuery;
import dev.stepwise.model.Period;
import dev.stepwise.model.PutErrorCode;
import dev.stepwise.model.PutItemError;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.QueryResult;
import dev.stepwise.model.QueryStatus;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.RejectionReason;
import dev.stepwise.model.XAxisType;
import dev.stepwise.stats.Stat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsCodecTest {
  final MetricsCodec codec = new MetricsCodec();

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  PutMetricsCommand put(String json) {
    return codec.decodePut(utf8(json));
  }

  ApiException putFails(String json) {
    return catchThrowableOfType(ApiException.class, () -> put(json));
  }

  ApiException getFails(String json) {
    return catchThrowableOfType(ApiException.class, () -> codec.decodeGet(utf8(json)));
  }

  @Nested
  @DisplayName("BatchPutMetrics bodies as real clients send them")
  class WireCaptures {
    @Test
    @DisplayName("botocore: spaces after separators, integer seconds, an int Value")
    void botocore() {
      PutMetricsCommand c =
          put("{\"TrialComponentName\": \"tc-example-1\", \"MetricData\": [{\"MetricName\": \"train:loss\", "
              + "\"Timestamp\": 1767323045, \"Step\": 0, \"Value\": 0.5}, {\"MetricName\": \"train:loss\", "
              + "\"Timestamp\": 1767323046, \"Step\": 1, \"Value\": 0.25}, {\"MetricName\": \"val:acc\", "
              + "\"Timestamp\": 1767323047, \"Value\": 1}]}");

      assertThat(c.trialComponentName()).isEqualTo("tc-example-1");
      assertThat(c.metricData())
          .containsExactly(
              new RawMetric("train:loss", 1_767_323_045_000L, 0, 0.5),
              new RawMetric("train:loss", 1_767_323_046_000L, 1, 0.25),
              new RawMetric("val:acc", 1_767_323_047_000L, null, 1.0));
    }

    @Test
    @DisplayName("Java SDK v2: three decimals, 1.0E-7 notation, escaped surrogate pair, -0.0")
    void javaEdgeValues() {
      PutMetricsCommand c =
          put("{\"TrialComponentName\":\"tc-edge\",\"MetricData\":[{\"MetricName\":\"température/ü \\uD83D\\uDE80 "
              + "\\\"q\\\" \\\\ tab\\t\",\"Timestamp\":-0.500,\"Step\":2147483647,\"Value\":1.0E-7},"
              + "{\"MetricName\":\"big\",\"Timestamp\":1767323045.123,\"Value\":1.7976931348623157E308},"
              + "{\"MetricName\":\"negzero\",\"Timestamp\":1767323045.001,\"Value\":-0.0},"
              + "{\"MetricName\":\"int\",\"Timestamp\":1767323045.000,\"Value\":1.2345678901234568E16}]}");

      assertThat(c.metricData())
          .containsExactly(
              new RawMetric("température/ü \uD83D\uDE80 \"q\" \\ tab\t", -500L, Integer.MAX_VALUE, 1.0E-7),
              new RawMetric("big", 1_767_323_045_123L, null, Double.MAX_VALUE),
              new RawMetric("negzero", 1_767_323_045_001L, null, -0.0),
              new RawMetric("int", 1_767_323_045_000L, null, 1.2345678901234568E16));
    }

    @Test
    @DisplayName("JS SDK v2: the caller's key order, raw UTF-8, shortest number forms")
    void jsV2() {
      PutMetricsCommand c =
          put("{\"MetricData\":[{\"Value\":1e-7,\"Step\":2147483647,\"Timestamp\":-0.5,\"MetricName\":"
              + "\"température/ü 🚀\"},{\"MetricName\":\"int\",\"Timestamp\":1767323045,\"Value\":12345678901234568}],"
              + "\"TrialComponentName\":\"tc-edge\"}");

      assertThat(c.trialComponentName()).isEqualTo("tc-edge");
      assertThat(c.metricData())
          .containsExactly(
              new RawMetric("température/ü 🚀", -500L, Integer.MAX_VALUE, 1e-7),
              new RawMetric("int", 1_767_323_045_000L, null, 12345678901234568.0));
    }

    @Test
    @DisplayName("timestamps with extreme exponents: out of range is SerializationException, under a millisecond rounds")
    void extremeExponents() {
      // Found by ParsersFuzzTest: an exponent beyond int range escaped as NumberFormatException (a 500).
      assertThat(putFails("{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"MetricName\":\"a\","
          + "\"Timestamp\":17e7398400401,\"Value\":0}]}").code()).isEqualTo(ErrorCode.SerializationException);
      assertThat(putFails("{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"MetricName\":\"a\","
          + "\"Timestamp\":1e999999,\"Value\":0}]}").code()).isEqualTo(ErrorCode.SerializationException);
      // Rescaling these would compute a power of ten with a billion digits; they are simply 0 and -1 ms.
      PutMetricsCommand tiny = put("{\"TrialComponentName\":\"tc\",\"MetricData\":["
          + "{\"MetricName\":\"a\",\"Timestamp\":1e-999999999,\"Value\":0},"
          + "{\"MetricName\":\"a\",\"Timestamp\":-1e-999999999,\"Value\":0},"
          + "{\"MetricName\":\"a\",\"Timestamp\":0.0005,\"Value\":0}]}");
      assertThat(tiny.metricData()).extracting(RawMetric::timestampMs).containsExactly(0L, -1L, 0L);
    }

    @Test
    @DisplayName("non-finite values in every client's spelling reach the item rules")
    void nonFiniteValues() {
      PutMetricsCommand c =
          put("{\"TrialComponentName\":\"tc\",\"MetricData\":["
              + "{\"MetricName\":\"a\",\"Timestamp\":1,\"Value\":NaN},"
              + "{\"MetricName\":\"a\",\"Timestamp\":1,\"Value\":Infinity},"
              + "{\"MetricName\":\"a\",\"Timestamp\":1,\"Value\":-Infinity},"
              + "{\"MetricName\":\"a\",\"Timestamp\":1,\"Value\":\"NaN\"},"
              + "{\"MetricName\":\"a\",\"Timestamp\":1,\"Value\":\"Infinity\"},"
              + "{\"MetricName\":\"a\",\"Timestamp\":1,\"Value\":\"-Infinity\"},"
              + "{\"MetricName\":\"a\",\"Timestamp\":1,\"Value\":null},"
              + "{\"MetricName\":\"a\",\"Timestamp\":1,\"Value\":1e400}]}");

      assertThat(c.metricData())
          .extracting(RawMetric::value)
          .containsExactly(
              Double.NaN,
              Double.POSITIVE_INFINITY,
              Double.NEGATIVE_INFINITY,
              Double.NaN,
              Double.POSITIVE_INFINITY,
              Double.NEGATIVE_INFINITY,
              null,
              Double.POSITIVE_INFINITY);
    }

    @Test
    @DisplayName("null and absent members, unknown members of any depth")
    void nullsAndUnknowns() {
      PutMetricsCommand c =
          put("{\"Extra\":{\"a\":[1,{\"b\":null}]},\"TrialComponentName\":\"tc\",\"MetricData\":["
              + "{\"MetricName\":null,\"Timestamp\":null,\"Step\":null,\"Value\":null,\"Unit\":\"s\"},{},null]}");

      assertThat(c.metricData())
          .containsExactly(
              new RawMetric(null, null, null, null), new RawMetric(null, null, null, null), new RawMetric(null, null, null, null));
    }
  }

  @ParameterizedTest(name = "{0} s is {1} ms")
  @CsvSource({
    "1767323045, 1767323045000",
    "1767323045.678, 1767323045678",
    "1767323046.9996, 1767323046999",
    "1767323047.000, 1767323047000",
    "1.767323045678E9, 1767323045678",
    "-0.5, -500",
    "-0.0001, -1",
    "0, 0",
  })
  void timestampsAreConvertedExactlyRoundingDown(String seconds, long millis) {
    PutMetricsCommand c =
        put("{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"MetricName\":\"m\",\"Timestamp\":" + seconds + ",\"Value\":1}]}");
    assertThat(c.metricData().get(0).timestampMs()).isEqualTo(millis);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "",
        "{",
        "[]",
        "\"text\"",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[{}]} trailing",
        "{\"TrialComponentName\":\"tc\",\"TrialComponentName\":\"tc\",\"MetricData\":[{}]}",
        "{\"TrialComponentName\":5,\"MetricData\":[{}]}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":{}}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[5]}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"MetricName\":1}]}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"Timestamp\":\"2026-01-01T00:00:00Z\"}]}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"Timestamp\":NaN}]}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"Timestamp\":1e400}]}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"Timestamp\":1e999999}]}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"Step\":1.5}]}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"Step\":2147483648}]}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"Value\":\"1.5\"}]}",
        "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"Value\":true}]}",
      })
  void malformedBodiesAreSerializationExceptions(String body) {
    ApiException e = putFails(body);
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.SerializationException);
    assertThat(e.getMessage()).isNotBlank().doesNotContain("tools.jackson", "\tat ");
  }

  @Test
  void invalidUtf8IsASerializationException() {
    byte[] body = utf8("{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"MetricName\":\"xx\"}]}");
    body[body.length - 6] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    assertThat(catchThrowableOfType(ApiException.class, () -> codec.decodePut(body)).code())
        .isEqualTo(ErrorCode.SerializationException);
  }

  @Test
  void deeplyNestedUnknownMembersAreRefusedNotOverflowed() {
    String deep = "[".repeat(100_000);
    ApiException e = putFails("{\"x\":" + deep + "}");
    assertThat(e.code()).isEqualTo(ErrorCode.SerializationException);
  }

  @Nested
  @DisplayName("envelope messages, as AWS words them")
  class Envelope {
    @Test
    void patternViolation() {
      assertThat(putFails("{\"TrialComponentName\":\"Bad_Name\",\"MetricData\":[{}]}").getMessage())
          .isEqualTo(
              "1 validation error detected: Value 'Bad_Name' at 'trialComponentName' failed to satisfy constraint: "
                  + "Member must satisfy regular expression pattern: ^[a-z0-9](-*[a-z0-9]){0,119}");
    }

    @Test
    void nameTooLongViolatesLengthAndPattern() {
      String name = "a".repeat(121);
      assertThat(putFails("{\"TrialComponentName\":\"" + name + "\",\"MetricData\":[{}]}").getMessage())
          .isEqualTo(
              "2 validation errors detected: Value '" + name + "' at 'trialComponentName' failed to satisfy "
                  + "constraint: Member must have length less than or equal to 120; Value '" + name + "' at "
                  + "'trialComponentName' failed to satisfy constraint: Member must satisfy regular expression "
                  + "pattern: ^[a-z0-9](-*[a-z0-9]){0,119}");
    }

    @Test
    void missingMembers() {
      ApiException e = putFails("{}");
      assertThat(e.code()).isEqualTo(ErrorCode.ValidationException);
      assertThat(e.getMessage())
          .isEqualTo(
              "2 validation errors detected: Value null at 'trialComponentName' failed to satisfy constraint: "
                  + "Member must not be null; Value null at 'metricData' failed to satisfy constraint: Member must "
                  + "not be null");
    }

    @Test
    void listBounds() {
      assertThat(putFails("{\"TrialComponentName\":\"tc\",\"MetricData\":[]}").getMessage())
          .isEqualTo(
              "1 validation error detected: Value '[]' at 'metricData' failed to satisfy constraint: Member must "
                  + "have length greater than or equal to 1");
      assertThat(putFails("{\"TrialComponentName\":\"tc\",\"MetricData\":[" + "{},".repeat(10) + "{}]}").getMessage())
          .isEqualTo(
              "1 validation error detected: Value '[11 items]' at 'metricData' failed to satisfy constraint: Member "
                  + "must have length less than or equal to 10");
    }

    @Test
    void queryMembersAreCheckedWithOneBasedPaths() {
      ApiException e =
          getFails("{\"MetricQueries\":[{\"MetricName\":\"m\",\"ResourceArn\":\"arn:aws:sagemaker:us-east-1:123456789012:"
              + "experiment-trial-component/tc\",\"MetricStat\":\"Avg\",\"Period\":\"OneHour\",\"XAxisType\":\"Timestamp\"},"
              + "{\"MetricName\":\"a\\nb\",\"ResourceArn\":\"nope\",\"MetricStat\":\"Median\",\"XAxisType\":\"Timestamp\"}]}");

      assertThat(e.code()).isEqualTo(ErrorCode.ValidationException);
      assertThat(e.getMessage())
          .isEqualTo(
              "4 validation errors detected: "
                  + "Value 'a?b' at 'metricQueries.2.member.metricName' failed to satisfy constraint: Member must "
                  + "satisfy regular expression pattern: .+; "
                  + "Value 'nope' at 'metricQueries.2.member.resourceArn' failed to satisfy constraint: Member must "
                  + "satisfy regular expression pattern: arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-].*/.*; "
                  + "Value 'Median' at 'metricQueries.2.member.metricStat' failed to satisfy constraint: Member must "
                  + "satisfy enum value set: [Min, Max, Avg, Count, StdDev, Last]; "
                  + "Value null at 'metricQueries.2.member.period' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void queryCountBounds() {
      assertThat(getFails("{\"MetricQueries\":[]}").getMessage()).contains("at 'metricQueries'").endsWith("greater than or equal to 1");
      assertThat(getFails("{}").getMessage()).contains("Value null at 'metricQueries'");
    }
  }

  @Test
  @DisplayName("BatchGetMetrics: the botocore capture decodes to its two queries")
  void getCapture() {
    List<MetricQuery> queries =
        codec.decodeGet(
            utf8("{\"MetricQueries\": [{\"MetricName\": \"train:loss\", \"ResourceArn\": \"arn:aws:sagemaker:us-east-1:"
                + "123456789012:experiment-trial-component/tc-example-1\", \"MetricStat\": \"Avg\", \"Period\": "
                + "\"IterationNumber\", \"XAxisType\": \"IterationNumber\"}, {\"MetricName\": \"val:acc\", "
                + "\"ResourceArn\": \"arn:aws:sagemaker:us-east-1:123456789012:experiment-trial-component/tc-example-1\", "
                + "\"MetricStat\": \"Max\", \"Period\": \"OneMinute\", \"XAxisType\": \"Timestamp\", \"Start\": "
                + "1767323045, \"End\": 1767326645}]}"));

    String arn = "arn:aws:sagemaker:us-east-1:123456789012:experiment-trial-component/tc-example-1";
    assertThat(queries)
        .containsExactly(
            new MetricQuery("train:loss", arn, Stat.Avg, Period.IterationNumber, XAxisType.IterationNumber, null, null),
            new MetricQuery("val:acc", arn, Stat.Max, Period.OneMinute, XAxisType.Timestamp, 1767323045L, 1767326645L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "9223372036854775808", "\"5\""})
  void startMustBeALong(String start) {
    ApiException e =
        getFails("{\"MetricQueries\":[{\"MetricName\":\"m\",\"ResourceArn\":\"arn:aws:sagemaker:us-east-1:123456789012:"
            + "experiment-trial-component/tc\",\"MetricStat\":\"Avg\",\"Period\":\"OneHour\",\"XAxisType\":\"Timestamp\","
            + "\"Start\":" + start + "}]}");
    assertThat(e.code()).isEqualTo(ErrorCode.SerializationException);
  }

  @Nested
  @DisplayName("responses")
  class Encoding {
    String putResponse(List<PutItemError> errors) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      codec.writePutResponse(errors, out);
      return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fullSuccessIsAnEmptyObject() {
      assertThat(putResponse(List.of())).isEqualTo("{}");
    }

    @Test
    void itemErrors() {
      assertThat(putResponse(List.of(
          new PutItemError(PutErrorCode.VALIDATION_ERROR, 1, RejectionReason.VALUE_NOT_FINITE),
          new PutItemError(PutErrorCode.METRIC_LIMIT_EXCEEDED, 3, RejectionReason.METRIC_LIMIT))))
          .isEqualTo("{\"Errors\":[{\"Code\":\"VALIDATION_ERROR\",\"MetricIndex\":1},{\"Code\":\"METRIC_LIMIT_EXCEEDED\",\"MetricIndex\":3}]}");
    }

    @Test
    void queryResults() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      codec.writeGetResponse(
          List.of(
              new QueryResult(QueryStatus.Complete, null, new long[] {1767323040000L, 1767323100000L}, new double[] {0.5, 2}),
              new QueryResult(QueryStatus.Truncated, "more \"quoted\"", new long[] {3}, new double[] {Double.POSITIVE_INFINITY}),
              QueryResult.validationError("bad")),
          out);

      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              "{\"MetricQueryResults\":["
                  + "{\"Status\":\"Complete\",\"XAxisValues\":[1767323040000,1767323100000],\"MetricValues\":[0.5,2.0]},"
                  + "{\"Status\":\"Truncated\",\"Message\":\"more \\\"quoted\\\"\",\"XAxisValues\":[3],\"MetricValues\":[\"Infinity\"]},"
                  + "{\"Status\":\"ValidationError\",\"Message\":\"bad\",\"XAxisValues\":[],\"MetricValues\":[]}]}");
    }

    @Test
    void errorBodies() {
      assertThat(new String(ErrorBodies.errorBody(ErrorCode.ValidationException, "a \"b\"\n"), StandardCharsets.UTF_8))
          .isEqualTo("{\"__type\":\"ValidationException\",\"message\":\"a \\\"b\\\"\\n\"}");
    }
  }
}
