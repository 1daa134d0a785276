package dev.stepwise.service;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreOverloadedException;

/**
 * What a store failure becomes for the caller: ThrottlingException when its write queue is full, ServiceUnavailable
 * otherwise (both retried by the AWS clients). Store messages may name files or SQL: they go to the cause, for the
 * log, never to the caller.
 */
public final class StoreFailures {
  static final String THROTTLED_MESSAGE = "Rate exceeded";
  static final String UNAVAILABLE_MESSAGE = "The service is unavailable right now; retry the request later.";

  private StoreFailures() {}

  public static ApiException of(StoreException e) {
    if (e instanceof StoreOverloadedException) {
      return new ApiException(ErrorCode.ThrottlingException, THROTTLED_MESSAGE, e);
    }
    return new ApiException(ErrorCode.ServiceUnavailable, UNAVAILABLE_MESSAGE, e);
  }
}
