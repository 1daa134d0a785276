package dev.stepwise.protocol;

import dev.stepwise.api.ErrorCode;
import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/** The body of an error response, {@code {"__type":"<Code>","message":"<text>"}}, as every AWS client parses it. */
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
}
