package dev.stepwise.bench.load;

import dev.stepwise.auth.sigv4.Canonical;
import dev.stepwise.auth.sigv4.Signing;
import dev.stepwise.auth.sigv4.SigningKeyCache;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * SigV4 header signing of Stepwise requests (service {@code sagemaker}, region {@code us-east-1}) with the server's
 * own pure functions, so the benchmark signs exactly as the server verifies. The signing key is derived once per day.
 * Not thread-safe (it caches the formatted time): one per client.
 */
public final class RequestSigner {
  public static final String REGION = "us-east-1";
  public static final String SERVICE = "sagemaker";
  public static final String CONTENT_TYPE = "application/json";
  private static final List<String> SIGNED_HEADERS = List.of("content-type", "host", "x-amz-content-sha256", "x-amz-date");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SigningKeyCache KEYS = new SigningKeyCache(16);

  private final String accessKeyId;
  private final String secretAccessKey;
  private final String host;
  private long cachedSecond = -1;
  private String cachedAmzDate;

  public RequestSigner(String accessKeyId, String secretAccessKey, String host) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.host = host;
  }

  /** The header lines (each ending in CRLF) that sign this request: Content-Type, X-Amz-*, Authorization. */
  public String headerLines(String method, String path, byte[] body) {
    String amzDate = amzDate();
    String date = amzDate.substring(0, 8);
    String payloadHash = Signing.sha256Hex(body);
    Map<String, List<String>> headers =
        Map.of(
            "content-type", List.of(CONTENT_TYPE),
            "host", List.of(host),
            "x-amz-content-sha256", List.of(payloadHash),
            "x-amz-date", List.of(amzDate));
    String canonicalRequest =
        Canonical.request(
            method, Canonical.uri(path), "", Canonical.headers(headers, SIGNED_HEADERS), SIGNED_HEADERS, payloadHash);
    String scope = date + "/" + REGION + "/" + SERVICE + "/aws4_request";
    byte[] key = KEYS.signingKey(secretAccessKey, date, REGION, SERVICE);
    String signature = Signing.signature(key, Signing.stringToSign(amzDate, scope, canonicalRequest));
    return "Content-Type: " + CONTENT_TYPE + "\r\n"
        + "X-Amz-Date: " + amzDate + "\r\n"
        + "X-Amz-Content-Sha256: " + payloadHash + "\r\n"
        + "Authorization: " + Signing.ALGORITHM + " Credential=" + accessKeyId + "/" + scope
        + ", SignedHeaders=" + String.join(";", SIGNED_HEADERS) + ", Signature=" + signature + "\r\n";
  }

  /** A signed request, ready for {@link MiniHttpClient#send}. */
  public byte[] signedRequest(MiniHttpClient connection, String method, String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return connection.request(method, path, headerLines(method, path, body), body);
  }

  private String amzDate() {
    long second = System.currentTimeMillis() / 1000;
    if (second != cachedSecond) {
      cachedSecond = second;
      cachedAmzDate = AMZ_DATE.format(Instant.ofEpochSecond(second));
    }
    return cachedAmzDate;
  }
}
