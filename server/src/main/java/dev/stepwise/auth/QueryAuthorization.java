package dev.stepwise.auth;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Query-string (presigned) SigV4: {@code X-Amz-Algorithm}, {@code X-Amz-Credential}, {@code X-Amz-Date},
 * {@code X-Amz-Expires}, {@code X-Amz-SignedHeaders}, {@code X-Amz-Signature} and, for temporary credentials,
 * {@code X-Amz-Security-Token}, as parameters of the URL instead of headers.
 */
record QueryAuthorization(AuthorizationHeader header, String amzDate, long expiresSeconds, String securityToken) {
  static final long MAX_EXPIRES_SECONDS = 604_800; // seven days, as AWS allows

  static boolean isPresent(String rawQuery) {
    return rawQuery != null && (rawQuery.contains("X-Amz-Signature=") || rawQuery.contains("X-Amz-Credential="));
  }

  static QueryAuthorization parse(String rawQuery) {
    return parse(rawQuery, AuthorizationHeader.SERVICE);
  }

  static QueryAuthorization parse(String rawQuery, String expectedService) {
    Map<String, String> params = new HashMap<>();
    for (String part : rawQuery.split("&")) {
      int eq = part.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      if (name.startsWith("X-Amz-")
          && params.put(name, URLDecoder.decode(eq < 0 ? "" : part.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
        throw incomplete("Query-string authentication has the parameter " + name + " more than once.");
      }
    }
    for (String required :
        new String[] {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
          "X-Amz-Signature"}) {
      if (!params.containsKey(required)) {
        throw incomplete("Query-string authentication requires the " + required + " parameter.");
      }
    }
    AuthorizationHeader header =
        AuthorizationHeader.parse(
            params.get("X-Amz-Algorithm") + " Credential=" + params.get("X-Amz-Credential") + ", SignedHeaders="
                + params.get("X-Amz-SignedHeaders") + ", Signature=" + params.get("X-Amz-Signature"),
            expectedService);
    long expires;
    try {
      expires = Long.parseLong(params.get("X-Amz-Expires"));
    } catch (NumberFormatException e) {
      expires = -1;
    }
    if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
      throw incomplete("X-Amz-Expires must be a number of seconds from 1 to " + MAX_EXPIRES_SECONDS + ".");
    }
    String amzDate = params.get("X-Amz-Date");
    if (!amzDate.startsWith(header.scopeDate())) {
      throw incomplete("Date in Credential scope does not match YYYYMMDD from X-Amz-Date.");
    }
    return new QueryAuthorization(header, amzDate, expires, params.get("X-Amz-Security-Token"));
  }

  private static ApiException incomplete(String message) {
    return new ApiException(ErrorCode.IncompleteSignatureException, message);
  }
}
