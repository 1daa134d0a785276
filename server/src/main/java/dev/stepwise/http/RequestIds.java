package dev.stepwise.http;

import io.javalin.http.Context;
import java.util.UUID;

/** Gives every request a UUID, sent back in {@code x-amzn-RequestId} as AWS does. */
final class RequestIds {
  static final String HEADER = "x-amzn-RequestId";
  private static final String ATTRIBUTE = "stepwise.requestId";

  private RequestIds() {}

  static void assign(Context ctx) {
    String id = UUID.randomUUID().toString();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }
}
