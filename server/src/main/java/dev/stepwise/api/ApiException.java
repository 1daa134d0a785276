package dev.stepwise.api;

/**
 * The one error type of the request path: it carries the AWS error code and the message the caller sees.
 * Exactly one place (the HTTP layer's error renderer) turns it into status, header and body.
 */
public final class ApiException extends RuntimeException {
  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ApiException(ErrorCode code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
