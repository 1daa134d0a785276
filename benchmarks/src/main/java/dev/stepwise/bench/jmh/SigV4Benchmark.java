package dev.stepwise.bench.jmh;

import dev.stepwise.api.Principal;
import dev.stepwise.auth.AuthorizationHeader;
import dev.stepwise.auth.CredentialStore;
import dev.stepwise.auth.SecuredAuthenticator;
import dev.stepwise.auth.SignedRequest;
import dev.stepwise.auth.sigv4.Canonical;
import dev.stepwise.auth.sigv4.Signing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What secured mode costs per request: verifying the SigV4 signature of one 10-point {@code BatchPutMetrics} as the
 * AWS SDK for Java v2 signs it (the largest signed-header set seen in the wild, client-wire-notes.md section 2), in
 * steady state, i.e. with the derived signing key already cached; and parsing the Authorization header alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SigV4Benchmark {
  // AWS's documentation example keys, as in the wire captures.
  private static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final List<String> SIGNED_HEADERS =
      List.of(
          "amz-sdk-invocation-id",
          "amz-sdk-request",
          "content-length",
          "content-type",
          "host",
          "x-amz-content-sha256",
          "x-amz-date");

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Path credentialsFile;
  private CredentialStore credentials;
  private SecuredAuthenticator authenticator;
  private SignedRequest request;
  private String authorization;
  private String scopeDate;

  @Setup
  public void setUp() throws IOException {
    credentialsFile = Files.createTempFile("stepwise-jmh-credentials", ".txt");
    Files.writeString(credentialsFile, ACCESS_KEY_ID + " " + SECRET + " " + Requests.ACCOUNT + " - jmh\n");
    credentials = CredentialStore.open(credentialsFile, Duration.ofHours(1));
    authenticator =
        new SecuredAuthenticator(
            credentials,
            Set.of(Requests.REGION),
            Duration.ofMinutes(5),
            Clock.fixed(Requests.SIGNED_AT, ZoneOffset.UTC));

    byte[] body = Requests.putBody(10);
    String amzDate = AMZ_DATE.format(Requests.SIGNED_AT);
    scopeDate = amzDate.substring(0, 8);
    // Names in lower case and in the order the SDK sends them, as the server hands them to the authenticator.
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("host", List.of("127.0.0.1:9400"));
    headers.put("amz-sdk-invocation-id", List.of("2c711d04-d5ba-3921-3c88-894c2ce75b6c"));
    headers.put("amz-sdk-request", List.of("attempt=1; max=4"));
    headers.put("authorization", List.of("signed below"));
    headers.put("content-type", List.of("application/json"));
    headers.put(
        "user-agent",
        List.of(
            "aws-sdk-java/2.40.2 md/io#sync md/http#Apache ua/2.1 api/SageMaker_Metrics#2.40.x os/Linux#6.1 "
                + "lang/java#17.0.15 md/OpenJDK_64-Bit_Server_VM#17.0.15+6-Debian-1deb12u1 md/vendor#Debian m/D,N,e"));
    headers.put("x-amz-content-sha256", List.of(Signing.sha256Hex(body)));
    headers.put("x-amz-date", List.of(amzDate));
    headers.put("content-length", List.of(Integer.toString(body.length)));
    headers.put("connection", List.of("Keep-Alive"));
    headers.put("expect", List.of("100-continue"));

    // Signed once here with the project's own SigV4 functions, as the SDK would have signed it.
    String scope = scopeDate + "/" + Requests.REGION + "/" + AuthorizationHeader.SERVICE + "/aws4_request";
    String canonicalRequest =
        Canonical.request(
            "PUT",
            Canonical.uri("/BatchPutMetrics"),
            Canonical.query(null, null),
            Canonical.headers(headers, SIGNED_HEADERS),
            SIGNED_HEADERS,
            Signing.sha256Hex(body));
    byte[] key = Signing.signingKey(SECRET, scopeDate, Requests.REGION, AuthorizationHeader.SERVICE);
    String signature = Signing.signature(key, Signing.stringToSign(amzDate, scope, canonicalRequest));
    authorization =
        Signing.ALGORITHM + " Credential=" + ACCESS_KEY_ID + "/" + scope + ", SignedHeaders="
            + String.join(";", SIGNED_HEADERS) + ", Signature=" + signature;
    headers.put("authorization", List.of(authorization));
    request = new SignedRequest("PUT", "/BatchPutMetrics", null, headers, body);

    // Fails the run if the request does not verify, and leaves the signing key cached, as in steady state.
    Principal caller = authenticator.authenticate(request);
    if (!caller.account().equals(Requests.ACCOUNT)) {
      throw new IllegalStateException("authenticated as " + caller);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    credentials.close();
    Files.deleteIfExists(credentialsFile);
  }

  /** Everything secured mode does to a header-signed request: parse, check time and scope, find the key, verify. */
  @Benchmark
  public Principal verify() {
    return authenticator.authenticate(request);
  }

  @Benchmark
  public AuthorizationHeader parseAuthorizationHeader() {
    return AuthorizationHeader.parse(authorization);
  }

  /** The four HMACs a signing-key cache miss costs (once per key, region and day), for comparison. */
  @Benchmark
  public byte[] deriveSigningKey() {
    return Signing.signingKey(SECRET, scopeDate, Requests.REGION, AuthorizationHeader.SERVICE);
  }
}
