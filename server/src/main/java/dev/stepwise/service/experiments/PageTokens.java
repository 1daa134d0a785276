package dev.stepwise.service.experiments;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.store.Partition;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code NextToken}s: opaque to clients, and tamper-proof. A token says where the next page starts (a listing's
 * cursor, or a search snapshot and an offset) and is bound to the account, the region and the request it continues
 * (a digest of every other member of the request); an HMAC with the store's token key seals it, so that any node
 * over the same store honours it and nobody can forge, alter or reuse one for another request or account.
 */
final class PageTokens {
  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  PageTokens(byte[] secret) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /**
   * Seals the fields (strings without a newline) for the caller's partition and request.
   *
   * @param request what else the request said, in a canonical form: the token only continues that request
   */
  String seal(Partition caller, String request, List<String> fields) {
    String payload = String.join("\n", caller.account(), caller.region(), digest(request), String.join("\n", fields));
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
  }

  /**
   * The fields of a token sealed for this caller and request.
   *
   * @throws ApiException ValidationException for a token that is malformed, forged, altered, of another account or
   *     region, or of another request
   */
  List<String> open(Partition caller, String request, String token, int fieldCount) {
    int dot = token.indexOf('.');
    if (dot < 0) {
      throw invalid();
    }
    byte[] payload;
    byte[] mac;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      mac = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!MessageDigest.isEqual(mac, mac(payload))) {
      throw invalid();
    }
    List<String> parts = List.of(new String(payload, StandardCharsets.UTF_8).split("\n", -1));
    if (parts.size() != 3 + fieldCount || !parts.get(0).equals(caller.account()) || !parts.get(1).equals(caller.region())
        || !parts.get(2).equals(digest(request))) {
      throw invalid();
    }
    return parts.subList(3, parts.size());
  }

  static ApiException invalid() {
    return new ApiException(ErrorCode.ValidationException,
        "The NextToken is not valid for this request: pass the NextToken of the previous page unchanged, with the"
            + " same request members.");
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(key);
      return Arrays.copyOf(hmac.doFinal(payload), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  private static String digest(String request) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
      return ENCODER.encodeToString(Arrays.copyOf(hash, 12));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
