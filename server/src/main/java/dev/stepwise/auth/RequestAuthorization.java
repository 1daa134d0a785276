package dev.stepwise.auth;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;

/** Finds and checks the shape of a request's SigV4 authorization: the header, and its agreement with X-Amz-Date. */
final class RequestAuthorization {
  private RequestAuthorization() {}

  static AuthorizationHeader parse(SignedRequest request) {
    var values = request.headers().get("authorization");
    if (values == null || values.isEmpty() || values.get(0).isBlank()) {
      throw LocalModeAuthenticator.missingToken();
    }
    if (values.size() > 1) {
      throw new ApiException(ErrorCode.IncompleteSignatureException, "Request has more than one Authorization header.");
    }
    AuthorizationHeader header = AuthorizationHeader.parse(values.get(0));
    String amzDate = request.header("x-amz-date");
    if (amzDate == null) {
      throw new ApiException(
          ErrorCode.IncompleteSignatureException,
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    if (!amzDate.startsWith(header.scopeDate())) {
      throw new ApiException(
          ErrorCode.IncompleteSignatureException,
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
              + header.scopeDate() + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length())) + "', from '"
              + amzDate.substring(0, Math.min(16, amzDate.length())) + "'.");
    }
    return header;
  }
}
