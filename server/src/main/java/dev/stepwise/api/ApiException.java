package dev.stepwise.api;

/**
 * The one error type of the request path: it carries the AWS error code and the message the caller sees.
 * Exactly one place (the HTTP layer's error renderer) turns it into status, header and body.
 */
public final class ApiException extends RuntimeException {
  private final ErrorCode code;
  private final int httpStatus;

  public ApiException(ErrorCode code, String message) {
    this(code, code.httpStatus(), message, null);
  }

  public ApiException(ErrorCode code, String message, Throwable cause) {
    this(code, code.httpStatus(), message, cause);
  }

  /**
   * An error whose status differs from its code's usual one: the JSON 1.1 protocol answers an unknown operation with
   * 400, where rest-json answers 404.
   */
  public ApiException(ErrorCode code, int httpStatus, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public ErrorCode code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
