package dev.stepwise.protocol;

import dev.stepwise.api.ApiException;
import dev.stepwise.model.MetricQuery;
import dev.stepwise.model.PutItemError;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.QueryResult;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;

/**
 * The rest-json codec of the two operations: request bodies to validated records (or a 400
 * {@code SerializationException} / {@code ValidationException}), results to response bodies. Thread-safe.
 */
public final class MetricsCodec {
  /** What rest-json answers carry. */
  public static final String CONTENT_TYPE = "application/json";

  /** BatchPutMetrics as the dispatcher runs it: {@code PUT /BatchPutMetrics}. */
  public OperationCodec<PutMetricsCommand, List<PutItemError>> batchPutMetrics() {
    return new OperationCodec<>("BatchPutMetrics", CONTENT_TYPE, this::decodePut,
        (caller, errors, out) -> writePutResponse(errors, out));
  }

  /** BatchGetMetrics as the dispatcher runs it: {@code POST /BatchGetMetrics}. */
  public OperationCodec<List<MetricQuery>, List<QueryResult>> batchGetMetrics() {
    return new OperationCodec<>("BatchGetMetrics", CONTENT_TYPE, this::decodeGet,
        (caller, results, out) -> writeGetResponse(results, out));
  }

  public PutMetricsCommand decodePut(byte[] body) {
    return parse(body, PutRequestDecoder::decode);
  }

  public List<MetricQuery> decodeGet(byte[] body) {
    return parse(body, GetRequestDecoder::decode);
  }

  private static <T> T parse(byte[] body, Function<JsonParser, T> decoder) {
    try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
      return decoder.apply(parser);
    } catch (ApiException e) {
      throw e;
    } catch (JacksonException e) {
      throw JsonFailures.unparsable(e);
    } catch (ArithmeticException | NumberFormatException e) {
      throw JsonFailures.numberOutOfRange();
    }
  }

  /** {@code {}} on full success (the model's Errors list has a minimum length of 1), else the item errors. */
  public void writePutResponse(List<PutItemError> errors, OutputStream out) {
    try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
      g.writeStartObject();
      if (!errors.isEmpty()) {
        g.writeArrayPropertyStart("Errors");
        for (PutItemError error : errors) {
          g.writeStartObject();
          g.writeStringProperty("Code", error.code().name());
          g.writeNumberProperty("MetricIndex", error.metricIndex());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
  }

  /** Streams the results: one per query, both value lists always present, Message only when there is one. */
  public void writeGetResponse(List<QueryResult> results, OutputStream out) {
    try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
      g.writeStartObject();
      g.writeArrayPropertyStart("MetricQueryResults");
      for (QueryResult result : results) {
        g.writeStartObject();
        g.writeStringProperty("Status", result.status().name());
        if (result.message() != null) {
          g.writeStringProperty("Message", result.message());
        }
        g.writeName("XAxisValues");
        g.writeArray(result.xAxisValues(), 0, result.xAxisValues().length);
        g.writeName("MetricValues");
        g.writeArray(result.metricValues(), 0, result.metricValues().length);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }
}
