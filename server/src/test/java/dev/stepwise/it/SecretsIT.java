package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secured mode as its own process, driven through its error paths (wrong secrets, wrong and missing session
 * tokens, a broken credentials file, dashboard sign-ins): no response and no line of its log carries a secret or
 * a session token.
 */
@DisplayName("Secrets")
class SecretsIT {
  static final String KEY = "AKIASECRETSTEST00001";
  static final String SECRET = "Sekr3t/secret+value/EXAMPLEKEYaaaaaaaaaaa";
  static final String TOKEN_KEY = "ASIASECRETSTEST00002";
  static final String TOKEN_SECRET = "An0ther/secret+value/EXAMPLEKEYbbbbbbbbb";
  static final String TOKEN = "FwoGZXIvYXdzEXAMPLEsessiontokenValue0123456789";
  static final String PUT = "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"MetricName\":\"m\",\"Timestamp\":"
      + System.currentTimeMillis() / 1000 + ",\"Value\":1}]}";

  @TempDir Path dir;

  @Test
  @DisplayName("never appear in a response or in the log, whatever goes wrong")
  void neverLeak() throws Exception {
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, KEY + " " + SECRET + " 111111111111 - a\n"
        + TOKEN_KEY + " " + TOKEN_SECRET + " 222222222222 " + TOKEN + " b\n");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = dir.resolve("server.log");
    List<HttpResponse<String>> responses = new ArrayList<>();
    try (ServerProcess server = new ServerProcess(port, log, List.of("--port", String.valueOf(port),
        "--data-dir", dir.resolve("data").toString(), "--credentials-file", credentials.toString()))) {
      server.start();
      Clock clock = Clock.systemUTC();
      String wrongSecret = SECRET.replace('a', 'b');
      responses.add(SdkSignedHttp.sign(server.endpoint(), "/BatchPutMetrics", PUT, KEY, SECRET, null, clock, false).send());
      responses.add(SdkSignedHttp.sign(server.endpoint(), "/BatchPutMetrics", PUT, KEY, wrongSecret, null, clock, false).send());
      responses.add(SdkSignedHttp.sign(server.endpoint(), "/BatchPutMetrics", PUT, KEY, SECRET, TOKEN, clock, false).send());
      responses.add(SdkSignedHttp.sign(server.endpoint(), "/BatchPutMetrics", PUT, TOKEN_KEY, TOKEN_SECRET, null, clock, false).send());
      responses.add(SdkSignedHttp.sign(server.endpoint(), "/BatchPutMetrics", PUT, TOKEN_KEY, TOKEN_SECRET,
          TOKEN + "x", clock, false).send());
      responses.add(SdkSignedHttp.sign(server.endpoint(), "/BatchPutMetrics", PUT, TOKEN_KEY, TOKEN_SECRET, TOKEN,
          clock, true).send());
      for (String body : List.of(
          "{\"accessKeyId\":\"" + KEY + "\",\"secretAccessKey\":\"" + wrongSecret + "\"}",
          "{\"accessKeyId\":\"" + TOKEN_KEY + "\",\"secretAccessKey\":\"" + TOKEN_SECRET + "\"}",
          "{\"accessKeyId\":\"" + KEY + "\",\"secretAccessKey\":\"" + SECRET + "\"}")) {
        responses.add(RawHttp.send(HttpRequest.newBuilder(server.endpoint().resolve("/ui/api/session"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()));
      }
      // A broken line naming the secret: the reload must complain without repeating it.
      Files.writeString(credentials, KEY + " " + SECRET + " not-an-account - a\n");
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (!Files.readString(log).contains("keeping the 2 credential(s) loaded before")
          && System.nanoTime() < deadline) {
        Thread.sleep(100); // the store notices the change on its own schedule
      }
      responses.add(SdkSignedHttp.sign(server.endpoint(), "/BatchPutMetrics", PUT, KEY, SECRET, null, clock, false).send());
    }

    assertThat(responses.get(0).statusCode()).isEqualTo(200);
    assertThat(responses.subList(1, 5)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(403));
    String logText = Files.readString(log);
    assertThat(logText).as("the log reports the broken file").contains("keeping the 2 credential(s) loaded before");
    for (String secret : List.of(SECRET, TOKEN_SECRET, TOKEN, SECRET.replace('a', 'b'))) {
      assertThat(logText).doesNotContain(secret);
      for (HttpResponse<String> response : responses) {
        assertThat(response.body()).doesNotContain(secret);
        assertThat(response.headers().map().toString()).doesNotContain(secret);
      }
    }
  }
}
