package dev.stepwise.auth.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Tasks 2 to 4 of SigV4: the string to sign, the derived signing key, the signature; and the hashes they use. */
public final class Signing {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final HexFormat HEX = HexFormat.of();

  private Signing() {}

  /** {@code AWS4-HMAC-SHA256\n<amz-date>\n<scope>\n<hex sha256 of the canonical request>}. */
  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
  public static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
    byte[] kDate = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
    byte[] kRegion = hmac(kDate, region);
    byte[] kService = hmac(kRegion, service);
    return hmac(kService, "aws4_request");
  }

  /** Hex HMAC-SHA256 of the string to sign under the signing key. */
  public static String signature(byte[] signingKey, String stringToSign) {
    return HEX.formatHex(hmac(signingKey, stringToSign));
  }

  /** Constant time, so that timing reveals nothing of how much of a forged signature was right. */
  public static boolean signaturesMatch(String expected, String provided) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), provided.getBytes(StandardCharsets.US_ASCII));
  }

  public static String sha256Hex(byte[] data) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
