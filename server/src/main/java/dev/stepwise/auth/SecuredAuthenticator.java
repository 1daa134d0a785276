package dev.stepwise.auth;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Secured mode: every request is signed with SigV4 (in headers or, presigned, in the query string) by a key of the
 * credentials file; the caller is that key's account, in the region of the credential scope.
 *
 * <p>Never rejects a request because its signature was seen before: botocore and JS v2 resend byte-identical
 * signatures on retries within the same second, and a retry is not an attack on an idempotent API.
 */
public final class SecuredAuthenticator implements Authenticator {
  static final String INVALID_TOKEN = "The security token included in the request is invalid.";

  private final CredentialStore credentials;
  private final Set<String> regions;
  private final Duration clockSkew;
  private final Clock clock;
  private final SignatureVerifier verifier = new SignatureVerifier();

  /** @param regions the regions served; empty means any */
  public SecuredAuthenticator(CredentialStore credentials, Set<String> regions, Duration clockSkew, Clock clock) {
    this.credentials = credentials;
    this.regions = Set.copyOf(regions);
    this.clockSkew = clockSkew;
    this.clock = clock;
  }

  @Override
  public Principal authenticate(SignedRequest request) {
    boolean presigned = request.header("authorization") == null && QueryAuthorization.isPresent(request.rawQuery());
    AuthorizationHeader auth;
    String amzDate;
    String token;
    if (presigned) {
      QueryAuthorization query = QueryAuthorization.parse(request.rawQuery());
      auth = query.header();
      amzDate = query.amzDate();
      token = query.securityToken();
      RequestTime.requireUnexpired(RequestTime.parse(amzDate), query.expiresSeconds(), clock.instant(), clockSkew);
    } else {
      auth = RequestAuthorization.parse(request);
      amzDate = request.header("x-amz-date");
      token = request.header("x-amz-security-token");
      RequestTime.requireWithinWindow(RequestTime.parse(amzDate), clock.instant(), clockSkew);
    }
    requireSigned(auth.signedHeaders(), "host");
    if (!presigned) {
      requireSigned(auth.signedHeaders(), "x-amz-date");
    }
    if (!regions.isEmpty() && !regions.contains(auth.region())) {
      throw new ApiException(
          ErrorCode.InvalidSignatureException, "Credential should be scoped to a valid region, not '" + auth.region() + "'.");
    }
    Credential credential =
        credentials
            .find(auth.accessKeyId())
            .orElseThrow(() -> new ApiException(ErrorCode.UnrecognizedClientException, INVALID_TOKEN));
    if (!sameToken(credential.sessionToken(), token)) {
      throw new ApiException(ErrorCode.UnrecognizedClientException, INVALID_TOKEN);
    }
    verifier.verify(request, auth, amzDate, credential.secretAccessKey(), presigned);
    return new Principal(credential.account(), auth.region());
  }

  private static void requireSigned(List<String> signedHeaders, String name) {
    if (!signedHeaders.contains(name)) {
      throw new ApiException(
          ErrorCode.IncompleteSignatureException, "The '" + name + "' header must be among the SignedHeaders.");
    }
  }

  private static boolean sameToken(String expected, String presented) {
    if (expected == null || presented == null) {
      return expected == null && presented == null;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
