package dev.stepwise.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signatures of real clients, byte for byte as captured (botocore 1.43, Java SDK v2, JS SDK v2: three different
 * sets of signed headers; see the captures' README), are accepted by secured mode, and refused once one byte of the
 * body changes.
 */
class WireCaptureSignaturesTest {
  static final String KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String TOKEN = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN";

  @TempDir static Path dir;

  record Capture(SignedRequest request, String amzDate) {}

  static Stream<Path> captures() throws IOException, URISyntaxException {
    Path folder = Path.of(WireCaptureSignaturesTest.class.getResource("/wire-captures").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".http")).sorted().toList().stream();
    }
  }

  static Capture parse(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int blank = text.indexOf("\n\n");
    String[] lines = text.substring(0, blank).split("\n");
    byte[] body = text.substring(blank + 2).stripTrailing().getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    assertThat(Integer.parseInt(headers.get("content-length").get(0))).as("capture is exact").isEqualTo(body.length);
    String[] requestLine = lines[0].split(" ");
    return new Capture(
        new SignedRequest(requestLine[0], requestLine[1], null, headers, body), headers.get("x-amz-date").get(0));
  }

  static SecuredAuthenticator authenticatorAt(String amzDate, boolean withToken) throws IOException {
    Path file = Files.createTempFile(dir, "credentials", "");
    Files.writeString(file, KEY + " " + SECRET + " 123456789012 " + (withToken ? TOKEN : "-") + "\n");
    CredentialStore store = CredentialStore.open(file, Duration.ofHours(1));
    Clock clock = Clock.fixed(RequestTime.parse(amzDate), ZoneOffset.UTC);
    return new SecuredAuthenticator(store, Set.of(), Duration.ofMinutes(5), clock);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void realClientSignaturesVerify(Path file) throws IOException {
    Capture capture = parse(file);
    boolean withToken = capture.request().header("x-amz-security-token") != null;
    SecuredAuthenticator authenticator = authenticatorAt(capture.amzDate(), withToken);

    assertThat(authenticator.authenticate(capture.request())).isEqualTo(new Principal("123456789012", "us-east-1"));

    byte[] tampered = capture.request().body().clone();
    tampered[tampered.length / 2] ^= 1;
    SignedRequest changed =
        new SignedRequest(capture.request().method(), capture.request().rawPath(), null, capture.request().headers(), tampered);
    ApiException e = catchThrowableOfType(ApiException.class, () -> authenticator.authenticate(changed));
    assertThat(e.code()).isEqualTo(ErrorCode.InvalidSignatureException);
  }
}
