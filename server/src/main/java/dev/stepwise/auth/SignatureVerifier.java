package dev.stepwise.auth;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.auth.sigv4.Canonical;
import dev.stepwise.auth.sigv4.Signing;
import dev.stepwise.auth.sigv4.SigningKeyCache;

/** Recomputes a request's SigV4 signature from the secret and compares it with the one the client sent. */
final class SignatureVerifier {
  static final String SIGNATURE_MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
          + "Key and signing method. Consult the service documentation for details.";

  private final SigningKeyCache signingKeys = new SigningKeyCache(4_096);

  /** The canonical request the client must have signed, as this server sees the request. */
  static String canonicalRequest(SignedRequest request, AuthorizationHeader auth, boolean presigned) {
    String payloadHash = Signing.sha256Hex(request.body());
    String declaredHash = request.header("x-amz-content-sha256");
    // UNSIGNED-PAYLOAD is refused too: here the body is the request, and leaving it unsigned would let anyone on
    // the path change the metrics while the signature still holds.
    if (declaredHash != null && !declaredHash.equals(payloadHash)) {
      throw new ApiException(
          ErrorCode.InvalidSignatureException,
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    String headers;
    try {
      headers = Canonical.headers(request.headers(), auth.signedHeaders());
    } catch (IllegalArgumentException missing) {
      throw new ApiException(
          ErrorCode.IncompleteSignatureException,
          "The header '" + missing.getMessage() + "' is listed in SignedHeaders but absent from the request.");
    }
    return Canonical.request(
        request.method(),
        Canonical.uri(request.rawPath()),
        Canonical.query(request.rawQuery(), presigned ? "X-Amz-Signature" : null),
        headers,
        auth.signedHeaders(),
        payloadHash);
  }

  /** @throws ApiException InvalidSignatureException when the signature is not the one the secret gives */
  void verify(SignedRequest request, AuthorizationHeader auth, String amzDate, String secret, boolean presigned) {
    String stringToSign = Signing.stringToSign(amzDate, auth.scope(), canonicalRequest(request, auth, presigned));
    byte[] key = signingKeys.signingKey(secret, auth.scopeDate(), auth.region(), auth.service());
    if (!Signing.signaturesMatch(Signing.signature(key, stringToSign), auth.signature())) {
      throw new ApiException(ErrorCode.InvalidSignatureException, SIGNATURE_MISMATCH);
    }
  }
}
