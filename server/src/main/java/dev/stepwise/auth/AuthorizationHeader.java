package dev.stepwise.auth;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed SigV4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=<a;b>,
 * Signature=<hex>}. Parsing checks the shape only; whether the signature is right is the verifier's business.
 */
public record AuthorizationHeader(
    String accessKeyId, String scopeDate, String region, String service, List<String> signedHeaders, String signature) {

  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final String SERVICE = "sagemaker";
  private static final Pattern DATE = Pattern.compile("[0-9]{8}");
  private static final Pattern HEX_SIGNATURE = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

  public AuthorizationHeader {
    signedHeaders = List.copyOf(signedHeaders);
  }

  /** The credential scope, {@code <date>/<region>/<service>/aws4_request}. */
  public String scope() {
    return scopeDate + "/" + region + "/" + service + "/aws4_request";
  }

  /**
   * Parses the header value. Every problem is an {@code IncompleteSignatureException} whose message says what is
   * missing or wrong, as AWS's are; the header itself is not echoed.
   */
  public static AuthorizationHeader parse(String value) {
    return parse(value, SERVICE);
  }

  /** As {@link #parse(String)}, for a credential scoped to {@code expectedService} (AWS's test suite uses "service"). */
  public static AuthorizationHeader parse(String value, String expectedService) {
    String trimmed = value.strip();
    int space = trimmed.indexOf(' ');
    String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
    if (!ALGORITHM.equals(algorithm)) {
      throw incomplete("Unsupported AWS 'algorithm': '" + printable(algorithm) + "'. Use " + ALGORITHM + ".");
    }
    Map<String, String> params = parameters(space < 0 ? "" : trimmed.substring(space + 1));
    List<String> missing = new ArrayList<>();
    for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
      if (!params.containsKey(required)) {
        missing.add("Authorization header requires '" + required + "' parameter.");
      }
    }
    if (!missing.isEmpty()) {
      throw incomplete(String.join(" ", missing));
    }
    String[] credential = params.get("Credential").split("/", -1);
    if (credential.length != 5 || credential[0].isEmpty()) {
      throw incomplete(
          "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term.");
    }
    if (!DATE.matcher(credential[1]).matches()) {
      throw incomplete("Credential should be scoped to a valid date in the form YYYYMMDD.");
    }
    if (!REGION.matcher(credential[2]).matches()) {
      throw incomplete("Credential should be scoped to a valid region.");
    }
    if (!expectedService.equals(credential[3])) {
      throw incomplete("Credential should be scoped to correct service: '" + expectedService + "'.");
    }
    if (!"aws4_request".equals(credential[4])) {
      throw incomplete(
          "Credential should be scoped with a valid terminator: 'aws4_request', not '" + printable(credential[4]) + "'.");
    }
    List<String> signedHeaders = Arrays.asList(params.get("SignedHeaders").split(";", -1));
    if (signedHeaders.stream().anyMatch(String::isEmpty)) {
      throw incomplete("SignedHeaders must be a non-empty list of header names separated by ';'.");
    }
    String signature = params.get("Signature");
    if (!HEX_SIGNATURE.matcher(signature).matches()) {
      throw incomplete("Signature must be 64 lower-case hexadecimal characters.");
    }
    return new AuthorizationHeader(credential[0], credential[1], credential[2], credential[3], signedHeaders, signature);
  }

  private static Map<String, String> parameters(String text) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw incomplete("Authorization header parameter '" + printable(item) + "' is not of the form key=value.");
      }
      String key = item.substring(0, eq);
      if (params.put(key, item.substring(eq + 1)) != null) {
        throw incomplete("Authorization header has the parameter '" + printable(key) + "' more than once.");
      }
    }
    return params;
  }

  /** Keeps messages short and free of control characters whatever the client sent. */
  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  private static ApiException incomplete(String message) {
    return new ApiException(ErrorCode.IncompleteSignatureException, message);
  }
}
