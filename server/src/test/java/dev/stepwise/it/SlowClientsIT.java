package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that send too slowly, stop sending, or open too many connections: none may tie the server up. */
@DisplayName("Slow and stalled clients")
class SlowClientsIT {
  @TempDir Path dataDir;

  StepwiseTestServer start(ServerConfig.Builder settings) {
    return new StepwiseTestServer(settings.port(0).dataDir(dataDir).build());
  }

  static String headers(int port, int contentLength) {
    String date = RawHttp.amzDate();
    return "PUT /BatchPutMetrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
        + "X-Amz-Date: " + date + "\r\nAuthorization: " + RawHttp.authorization(date) + "\r\nContent-Length: "
        + contentLength + "\r\n\r\n";
  }

  /** Reads until the server answers or closes; empty when it closed without a word. */
  static String readAnswer(Socket socket, Duration within) throws IOException {
    socket.setSoTimeout(Math.toIntExact(within.toMillis()));
    InputStream in = socket.getInputStream();
    byte[] bytes = in.readNBytes(512);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a body trickling in below the minimum rate is failed with 408, and others are served meanwhile")
  void slowBody() throws Exception {
    try (StepwiseTestServer server = start(ServerConfig.defaults().toBuilder()
            .minRequestBytesPerSecond(1_000).maxConcurrentRequests(4));
        Socket slow = new Socket("127.0.0.1", server.port())) {
      OutputStream out = slow.getOutputStream();
      out.write(headers(server.port(), 10_000).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long started = System.nanoTime();
      String answer = "";
      try {
        for (int i = 0; i < 100 && answer.isEmpty(); i++) {
          out.write(' ');
          out.flush();
          Thread.sleep(100);
          if (slow.getInputStream().available() > 0) {
            answer = readAnswer(slow, Duration.ofSeconds(1));
          }
        }
      } catch (IOException closed) {
        answer = readAnswer(slow, Duration.ofSeconds(1));
      }
      assertThat(answer).startsWith("HTTP/1.1 408");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(RawHttp.put(server.endpoint(), "{\"TrialComponentName\":\"tc\",\"MetricData\":[{\"MetricName\":\"m\","
          + "\"Timestamp\":" + StepwiseTestServer.NOW.getEpochSecond() + ",\"Value\":1}]}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a connection that stalls in its headers is closed after the idle timeout")
  void stalledHeaders() throws Exception {
    try (StepwiseTestServer server = start(ServerConfig.defaults().toBuilder().idleTimeout(Duration.ofSeconds(1)));
        Socket stalled = new Socket("127.0.0.1", server.port())) {
      stalled.getOutputStream().write("PUT /BatchPutMetrics HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.US_ASCII));
      long started = System.nanoTime();
      stalled.setSoTimeout(10_000);
      int read = stalled.getInputStream().read(new byte[512]);
      // Closed (-1), or closed after a 408: either way not held open.
      assertThat(read == -1 || read > 0).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }
  }

  /** The status line of the next response on a keep-alive connection (which stays open after it). */
  static String statusLine(Socket socket, Duration within) throws IOException {
    socket.setSoTimeout(Math.toIntExact(within.toMillis()));
    StringBuilder line = new StringBuilder();
    InputStream in = socket.getInputStream();
    for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }

  @Test
  @DisplayName("connections beyond the limit wait unserved until one closes, then are served")
  void connectionLimit() throws Exception {
    try (StepwiseTestServer server = start(ServerConfig.defaults().toBuilder().maxConnections(3))) {
      byte[] request = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket socket = new Socket("127.0.0.1", server.port());
          socket.getOutputStream().write(request);
          assertThat(statusLine(socket, Duration.ofSeconds(5))).isEqualTo("HTTP/1.1 200 OK");
          held.add(socket); // kept open: keep-alive
        }
        try (Socket fourth = new Socket("127.0.0.1", server.port())) {
          fourth.getOutputStream().write(request);
          assertThatThrownBy(() -> statusLine(fourth, Duration.ofSeconds(1)))
              .as("not accepted while three are open")
              .isInstanceOf(SocketTimeoutException.class);
          held.removeFirst().close();
          assertThat(statusLine(fourth, Duration.ofSeconds(5))).isEqualTo("HTTP/1.1 200 OK");
        }
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }
    }
  }
}
