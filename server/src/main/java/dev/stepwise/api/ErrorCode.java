package dev.stepwise.api;

/**
 * Every error code Stepwise puts on the wire, spelled exactly as AWS spells it, with the HTTP status AWS uses
 * for it. Clients read the code from the {@code X-Amzn-Errortype} header or the body's {@code __type}.
 */
public enum ErrorCode {
  SerializationException(400),
  ValidationException(400),
  MissingAuthenticationTokenException(403),
  IncompleteSignatureException(403),
  InvalidSignatureException(403),
  UnrecognizedClientException(403),
  AccessDeniedException(403),
  UnknownOperationException(404),
  /** A body that arrived too slowly or stalled; the AWS SDKs retry it. */
  RequestTimeoutException(408),
  RequestEntityTooLargeException(413),
  ThrottlingException(429),
  InternalFailure(500),
  ServiceUnavailable(503);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
