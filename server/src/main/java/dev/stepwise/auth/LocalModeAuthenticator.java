package dev.stepwise.auth;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import java.util.regex.Pattern;

/**
 * Local mode: no credentials are configured, so signatures cannot be checked. The request must still carry a
 * well-formed SigV4 header (so that real clients are configured as they will be in secured mode); the account is
 * the access key id when it is 12 digits, else {@value #DEFAULT_ACCOUNT}, and the region is the credential
 * scope's.
 */
public final class LocalModeAuthenticator implements Authenticator {
  public static final String DEFAULT_ACCOUNT = "000000000000";
  private static final Pattern TWELVE_DIGITS = Pattern.compile("[0-9]{12}");

  @Override
  public Principal authenticate(SignedRequest request) {
    AuthorizationHeader header = RequestAuthorization.parse(request);
    String account = TWELVE_DIGITS.matcher(header.accessKeyId()).matches() ? header.accessKeyId() : DEFAULT_ACCOUNT;
    return new Principal(account, header.region());
  }

  static ApiException missingToken() {
    return new ApiException(ErrorCode.MissingAuthenticationTokenException, "Request is missing Authentication Token");
  }
}
