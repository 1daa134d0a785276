package dev.stepwise.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.auth.sigv4.Signing;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of AWS's SigV4 test suite (aws-c-auth's {@code v4} folder, in test resources with its licence), read
 * the way a server reads a request: from the signed request as it would arrive, the canonical request, the string
 * to sign and the signature are each recomputed and compared with the suite's files; then one changed byte must
 * make verification fail.
 */
class SigV4TestSuiteTest {
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  /**
   * Cases a server verifier does not reproduce, and why. Signing without path normalisation is S3's way; SageMaker
   * Metrics, like every other service, normalises paths, so a server for it never sees these canonical forms.
   */
  static final Map<String, String> NOT_APPLICABLE =
      Map.of(
          "get-relative-relative-unnormalized", "S3-style signing without path normalisation",
          "get-relative-unnormalized", "S3-style signing without path normalisation",
          "get-slash-dot-slash-unnormalized", "S3-style signing without path normalisation",
          "get-slash-pointless-dot-unnormalized", "S3-style signing without path normalisation",
          "get-slash-unnormalized", "S3-style signing without path normalisation",
          "get-slashes-unnormalized", "S3-style signing without path normalisation",
          "get-space-unnormalized", "S3-style signing without path normalisation");

  /**
   * Presigned cases a server must not reproduce: here the signer appends the session token to the query after
   * signing (as AWS IoT does), so the token is outside the signature. The SDKs of SageMaker sign it; a verifier that
   * left it out would accept a token swapped after signing. (The header variant of this case signs no token
   * header and is verified above.)
   */
  static final Map<String, String> NOT_APPLICABLE_QUERY =
      Map.of("post-sts-header-after", "session token appended to the query after signing");

  record RawRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    SignedRequest signed() {
      return new SignedRequest(method, rawPath, rawQuery, headers, body);
    }
  }

  static Path suite() throws URISyntaxException {
    return Path.of(SigV4TestSuiteTest.class.getResource("/sigv4-test-suite").toURI());
  }

  static Stream<Arguments> cases(String prefix) throws IOException, URISyntaxException {
    List<Arguments> cases = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(suite())) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String name = dir.getFileName().toString();
        boolean notApplicable =
            NOT_APPLICABLE.containsKey(name) || (prefix.equals("query") && NOT_APPLICABLE_QUERY.containsKey(name));
        if (Files.exists(dir.resolve(prefix + "-signed-request.txt")) && !notApplicable) {
          cases.add(Arguments.of(Named.of(name, dir)));
        }
      }
    }
    return cases.stream();
  }

  static Stream<Arguments> headerCases() throws Exception {
    return cases("header");
  }

  static Stream<Arguments> queryCases() throws Exception {
    return cases("query");
  }

  /** Parses the suite's raw HTTP: request line, headers (with folded continuation lines), blank line, body. */
  static RawRequest parse(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int blank = text.indexOf("\n\n");
    String head = blank < 0 ? text : text.substring(0, blank);
    byte[] body = blank < 0 ? new byte[0] : text.substring(blank + 2).getBytes(StandardCharsets.UTF_8);
    String[] lines = head.split("\n");
    String[] requestLine = lines[0].split(" ");
    // The path may contain spaces (get-space-*): everything between the method and the protocol.
    String target = lines[0].substring(requestLine[0].length() + 1, lines[0].lastIndexOf(' '));
    int q = target.indexOf('?');
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String last = null;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && last != null) {
        List<String> values = headers.get(last);
        values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      last = line.substring(0, colon).toLowerCase(Locale.ROOT);
      headers.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1));
    }
    return new RawRequest(
        requestLine[0], q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1), headers, body);
  }

  static String file(Path dir, String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  static final Pattern AMZ_DATE_PARAM = Pattern.compile("X-Amz-Date=([0-9TZ]+)");

  @ParameterizedTest(name = "{0}")
  @MethodSource("headerCases")
  void headerSigning(Path dir) throws IOException {
    RawRequest raw = parse(dir.resolve("header-signed-request.txt"));
    AuthorizationHeader auth = AuthorizationHeader.parse(raw.headers().get("authorization").get(0), "service");
    String amzDate = raw.headers().get("x-amz-date").get(0);

    String canonical = SignatureVerifier.canonicalRequest(raw.signed(), auth, false);
    assertThat(canonical).isEqualTo(file(dir, "header-canonical-request.txt"));
    String stringToSign = Signing.stringToSign(amzDate, auth.scope(), canonical);
    assertThat(stringToSign).isEqualTo(file(dir, "header-string-to-sign.txt"));
    String signature =
        Signing.signature(Signing.signingKey(SECRET, auth.scopeDate(), auth.region(), auth.service()), stringToSign);
    assertThat(signature).isEqualTo(file(dir, "header-signature.txt").strip()).isEqualTo(auth.signature());

    SignatureVerifier verifier = new SignatureVerifier();
    verifier.verify(raw.signed(), auth, amzDate, SECRET, false);
    assertRejected(() -> verifier.verify(raw.signed(), auth, amzDate, SECRET.replace('w', 'W'), false));
    assertRejected(
        () -> verifier.verify(
            new SignedRequest("PUT", raw.rawPath(), raw.rawQuery(), raw.headers(), raw.body()), auth, amzDate, SECRET, false));
    assertRejected(() -> verifier.verify(raw.signed(), auth, amzDate.replace("12", "13"), SECRET, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queryCases")
  void querySigning(Path dir) throws IOException {
    RawRequest raw = parse(dir.resolve("query-signed-request.txt"));
    QueryAuthorization query = QueryAuthorization.parse(raw.rawQuery(), "service");
    Matcher date = AMZ_DATE_PARAM.matcher(raw.rawQuery());
    assertThat(date.find()).isTrue();
    assertThat(query.amzDate()).isEqualTo(date.group(1));

    String canonical = SignatureVerifier.canonicalRequest(raw.signed(), query.header(), true);
    assertThat(canonical).isEqualTo(file(dir, "query-canonical-request.txt"));
    String stringToSign = Signing.stringToSign(query.amzDate(), query.header().scope(), canonical);
    assertThat(stringToSign).isEqualTo(file(dir, "query-string-to-sign.txt"));
    assertThat(Signing.signature(
            Signing.signingKey(SECRET, query.header().scopeDate(), query.header().region(), "service"), stringToSign))
        .isEqualTo(file(dir, "query-signature.txt").strip());

    SignatureVerifier verifier = new SignatureVerifier();
    verifier.verify(raw.signed(), query.header(), query.amzDate(), SECRET, true);
    assertRejected(() -> verifier.verify(raw.signed(), query.header(), query.amzDate(), SECRET + "x", true));
  }

  static void assertRejected(Runnable verification) {
    ApiException e = catchThrowableOfType(ApiException.class, verification::run);
    assertThat(e).as("verification must fail").isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.InvalidSignatureException);
    assertThat(e.getMessage()).isEqualTo(SignatureVerifier.SIGNATURE_MISMATCH);
  }
}
