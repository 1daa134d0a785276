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
  /** SageMaker's: a named experiment, trial, trial component or artifact does not exist. */
  ResourceNotFound(400),
  /** SageMaker's: an update lost its race with other updates of the same entity too many times. */
  ConflictException(400),
  /** A rest-json path that is no operation (404); an {@code X-Amz-Target} that is none is 400 (see ApiException). */
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
