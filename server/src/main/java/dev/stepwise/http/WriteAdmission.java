package dev.stepwise.http;

import dev.stepwise.api.ApiException;
import dev.stepwise.protocol.ErrorBodies;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses a {@code BatchPutMetrics} with 429 ThrottlingException while the store's write queue is full, in front of
 * the framework: under overload most requests are refused, so a refusal must cost next to nothing (no servlet
 * dispatch, no body read, no signature check), or refusing becomes the overload. It answers exactly as the
 * framework's error path would: status, {@code X-Amzn-Errortype}, {@code Retry-After}, request id, date and the
 * {@code {"__type","message"}} body.
 */
final class WriteAdmission extends Handler.Wrapper {
  private final BooleanSupplier hasRoom;
  private final ApiException refusal;
  private final byte[] body;
  private final HttpDate date;
  private final RequestLog requestLog;
  private final Drain drain;

  WriteAdmission(BooleanSupplier hasRoom, ApiException refusal, HttpDate date, RequestLog requestLog, Drain drain) {
    this.hasRoom = hasRoom;
    this.refusal = refusal;
    this.body = ErrorBodies.errorBody(refusal.code(), refusal.getMessage());
    this.date = date;
    this.requestLog = requestLog;
    this.drain = drain;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (hasRoom.getAsBoolean() || !isPut(request)) {
      return super.handle(request, response, callback);
    }
    long started = System.nanoTime();
    String requestId = UUID.randomUUID().toString();
    int status = refusal.code().httpStatus();
    response.setStatus(status);
    var headers = response.getHeaders();
    headers.put(RequestIds.HEADER, requestId);
    headers.put(HttpHeader.DATE, date.now());
    headers.put("X-Amzn-Errortype", refusal.code().name());
    headers.put(HttpHeader.RETRY_AFTER, "1");
    headers.put(HttpHeader.CONTENT_TYPE, "application/json");
    if (drain.draining()) {
      headers.put(HttpHeader.CONNECTION, "close");
    }
    response.write(true, ByteBuffer.wrap(body), callback);
    requestLog.answered(requestId, "BatchPutMetrics", null, status, System.nanoTime() - started, null, null);
    return true;
  }

  private static boolean isPut(Request request) {
    return HttpMethod.PUT.is(request.getMethod()) && "/BatchPutMetrics".equals(request.getHttpURI().getPath());
  }
}
