package dev.stepwise.protocol;

import dev.stepwise.api.ErrorCode;
import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/** Error bodies: AWS's {@code {"__type","message"}}, as every AWS client parses it, and the dashboard's. */
public final class ErrorBodies {
  private ErrorBodies() {}

  public static byte[] errorBody(ErrorCode code, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (message == null ? 0 : message.length()));
    try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
      g.writeStartObject();
      g.writeStringProperty("__type", code.name());
      g.writeStringProperty("message", message == null ? "" : message);
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /** The dashboard API's error body, {@code {"message":"<text>"}}. */
  public static byte[] dashboardBody(String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 + (message == null ? 0 : message.length()));
    try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
      g.writeStartObject();
      g.writeStringProperty("message", message == null ? "" : message);
      g.writeEndObject();
    }
    return out.toByteArray();
  }
}
