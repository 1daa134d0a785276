package dev.stepwise.http;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;

/** Reads a request body, never more than the configured limit, and checks that it is declared as JSON. */
final class RequestBodies {
  private RequestBodies() {}

  static byte[] read(Context ctx, long maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      // Read at most one byte past the limit: enough to know the body is too large without buffering it.
      int cap = (int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8);
      byte[] buffer = new byte[(int) Math.min(cap, declared >= 0 ? declared + 1 : 8192)];
      int length = 0;
      while (true) {
        if (length == buffer.length) {
          if (buffer.length >= cap) {
            break;
          }
          buffer = Arrays.copyOf(buffer, (int) Math.min(cap, buffer.length * 2L));
        }
        int n = in.read(buffer, length, buffer.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
      if (length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    } catch (IOException | RuntimeException e) {
      if (isTimeout(e)) {
        throw new ApiException(
            ErrorCode.RequestTimeoutException,
            "The request body arrived too slowly or stopped arriving; send the request again.");
      }
      if (e instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      throw new UncheckedIOException("could not read the request body", (IOException) e);
    }
  }

  /** Jetty fails a read that waited past the idle timeout or fell below the minimum data rate with a 408. */
  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || (t instanceof HttpException http && http.getCode() == 408)) {
        return true;
      }
    }
    return false;
  }

  /**
   * rest-json clients all send {@code application/json}; {@code application/x-amz-json-1.x} is accepted too, as
   * is a missing header. Anything else cannot be a JSON request of this API.
   */
  static void requireJson(Context ctx) {
    String type = ctx.header("Content-Type");
    if (type == null) {
      return;
    }
    String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")
        && !mediaType.equals("application/x-amz-json-1.1")
        && !mediaType.equals("application/x-amz-json-1.0")) {
      throw new ApiException(
          ErrorCode.SerializationException,
          "Unsupported Content-Type '" + mediaType.replaceAll("\\p{Cntrl}", "?")
              + "': the body must be JSON (application/json).");
    }
  }

  private static ApiException tooLarge(long maxBytes) {
    return new ApiException(
        ErrorCode.RequestEntityTooLargeException,
        "Request body is larger than the limit of " + maxBytes + " bytes.");
  }
}
