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
  private static final int MAX_REASON_CHARS = 160;

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
      throw JsonInput.serialization("The request body is not valid JSON: " + reason(e));
    } catch (ArithmeticException | NumberFormatException e) {
      // Jackson refuses numbers beyond its limits (an exponent past int range) this way.
      throw JsonInput.serialization("A number in the request body is out of range.");
    }
  }

  /** Jackson's own first line, short and with its position, but never its source excerpt or a stack trace. */
  private static String reason(JacksonException e) {
    String message = e.getOriginalMessage() == null ? "malformed input" : e.getOriginalMessage();
    String firstLine = message.lines().findFirst().orElse("malformed input").replaceAll("\\p{Cntrl}", "?");
    String cut = firstLine.length() > MAX_REASON_CHARS ? firstLine.substring(0, MAX_REASON_CHARS) + "..." : firstLine;
    var location = e.getLocation();
    return location == null || location.getLineNr() < 0
        ? cut
        : cut + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
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
